import type { IamAccountSummary } from "@/lib/aws/iam/types";
import type { IpPermission, SecurityGroup } from "@/lib/aws/ec2/types";
import type { CheckContext } from "./types";
import { defaultCheckSettings } from "./settings";

export const ACCOUNT = "111122223333";

/** A check context for fixtures: account 111122223333, default settings unless given. */
export function ctx(
  inventory: CheckContext["inventory"],
  region = "global",
  overrides: Partial<Omit<CheckContext, "inventory" | "region">> = {},
): CheckContext {
  return {
    accountId: ACCOUNT,
    region,
    partition: "aws",
    environment: "dev",
    settings: defaultCheckSettings,
    inventory,
    ...overrides,
  };
}

export function iamSummary(raw: Record<string, number>): IamAccountSummary {
  return {
    accountMfaEnabled: raw.AccountMFAEnabled === 1,
    accountAccessKeysPresent: (raw.AccountAccessKeysPresent ?? 0) > 0,
    users: raw.Users ?? 0,
    raw,
  };
}

export function rule(p: Partial<IpPermission>): IpPermission {
  return { protocol: "tcp", ipv4Ranges: [], ipv6Ranges: [], ...p };
}

export function sg(groupId: string, ingress: IpPermission[]): SecurityGroup {
  return { groupId, groupName: groupId, vpcId: "vpc-1", ingress };
}
