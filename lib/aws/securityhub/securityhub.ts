import { DescribeHubCommand, type SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { SecurityHubStatus } from "./types";

// What DescribeHub answers in a region where the account has not enabled Security Hub.
const NOT_ENABLED = new Set(["InvalidAccessException", "ResourceNotFoundException"]);

/** Whether Security Hub is enabled in the region; "not subscribed" is an answer, not an error. */
export async function getSecurityHubStatus(
  securityhub: SecurityHubClient,
  signal?: AbortSignal,
): Promise<SecurityHubStatus> {
  try {
    const hub = await securityhub.send(new DescribeHubCommand({}), { abortSignal: signal });
    return {
      enabled: true,
      hubArn: hub.HubArn,
      subscribedAt: hub.SubscribedAt,
      autoEnableControls: hub.AutoEnableControls,
    };
  } catch (err) {
    if (NOT_ENABLED.has((err as { name?: string }).name ?? "")) return { enabled: false };
    throw err;
  }
}
