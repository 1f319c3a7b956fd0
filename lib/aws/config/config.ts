import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type ConfigServiceClient,
} from "@aws-sdk/client-config-service";
import type { ConfigRecorder } from "./types";

/** The region's customer-managed configuration recorders (service-linked ones record only for their service) and whether they record. */
export async function listConfigRecorders(
  config: ConfigServiceClient,
  signal?: AbortSignal,
): Promise<ConfigRecorder[]> {
  // Neither call is paginated: a region has at most one customer-managed recorder.
  const [recorders, statuses] = await Promise.all([
    config.send(new DescribeConfigurationRecordersCommand({}), { abortSignal: signal }),
    config.send(new DescribeConfigurationRecorderStatusCommand({}), { abortSignal: signal }),
  ]);
  const statusOf = new Map((statuses.ConfigurationRecordersStatus ?? []).map((s) => [s.name, s]));
  return (recorders.ConfigurationRecorders ?? [])
    .filter((r) => r.name && !r.servicePrincipal)
    .map((r) => {
      const status = statusOf.get(r.name);
      return {
        name: r.name!,
        roleArn: r.roleARN,
        allSupported: r.recordingGroup?.allSupported === true,
        includeGlobalResourceTypes: r.recordingGroup?.includeGlobalResourceTypes === true,
        strategy: r.recordingGroup?.recordingStrategy?.useOnly,
        resourceTypes: r.recordingGroup?.resourceTypes ?? [],
        excludedResourceTypes: r.recordingGroup?.exclusionByResourceTypes?.resourceTypes ?? [],
        recording: status?.recording === true,
        lastStatus: status?.lastStatus,
      };
    });
}
