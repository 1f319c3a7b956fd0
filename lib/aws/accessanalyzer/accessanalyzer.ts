import { paginateListAnalyzers, type AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import type { AccessAnalyzer } from "./types";

/** Every IAM Access Analyzer analyzer of the account in the client's region. */
export async function listAccessAnalyzers(
  client: AccessAnalyzerClient,
  signal?: AbortSignal,
): Promise<AccessAnalyzer[]> {
  const analyzers: AccessAnalyzer[] = [];
  for await (const page of paginateListAnalyzers({ client, pageSize: 100 }, {}, { abortSignal: signal })) {
    for (const a of page.analyzers ?? []) {
      if (!a.arn) continue;
      analyzers.push({ arn: a.arn, name: a.name ?? a.arn, type: a.type ?? "UNKNOWN", status: a.status ?? "UNKNOWN" });
    }
  }
  return analyzers;
}
