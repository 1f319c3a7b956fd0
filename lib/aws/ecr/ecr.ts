import {
  GetRegistryScanningConfigurationCommand,
  paginateDescribeRepositories,
  type ECRClient,
} from "@aws-sdk/client-ecr";
import type { EcrRegistryScanning, EcrRepository } from "./types";

export async function listEcrRepositories(ecr: ECRClient, signal?: AbortSignal): Promise<EcrRepository[]> {
  const out: EcrRepository[] = [];
  for await (const page of paginateDescribeRepositories({ client: ecr, pageSize: 1000 }, {}, { abortSignal: signal })) {
    for (const r of page.repositories ?? []) {
      if (!r.repositoryArn || !r.repositoryName) continue;
      out.push({
        arn: r.repositoryArn,
        name: r.repositoryName,
        scanOnPush: r.imageScanningConfiguration?.scanOnPush === true,
      });
    }
  }
  return out;
}

export async function getEcrRegistryScanning(ecr: ECRClient, signal?: AbortSignal): Promise<EcrRegistryScanning> {
  const out = await ecr.send(new GetRegistryScanningConfigurationCommand({}), { abortSignal: signal });
  const cfg = out.scanningConfiguration;
  return {
    scanType: cfg?.scanType ?? "BASIC",
    rules: (cfg?.rules ?? []).map((r) => ({
      frequency: r.scanFrequency ?? "MANUAL",
      filters: (r.repositoryFilters ?? []).flatMap((f) => (f.filter ? [f.filter] : [])),
    })),
  };
}
