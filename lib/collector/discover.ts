import "server-only";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { classifyAwsError } from "@/lib/aws/errors";
import { describeOrg } from "@/lib/aws/organizations/organizations";
import type { DiscoveredOrganization } from "@/lib/db/queries/collection";
import { log } from "@/lib/log";
import type { AwsFactory } from "@/lib/aws/factory";
import { classifyEnvironment } from "./environment";
import type { CollectorSettings } from "./settings";

/**
 * Which accounts to collect. Through AWS Organizations when the hub may read it; without that
 * access, the configured account list, or else the hub's own account alone. Errors other than a
 * lack of access (network, throttling) fail discovery instead of silently narrowing the scope.
 */
export async function discoverAccounts(aws: AwsFactory, settings: CollectorSettings): Promise<DiscoveredOrganization> {
  try {
    const org = await describeOrg(aws.hubOrganizations());
    const units = new Map(org.units.map((u) => [u.id, u]));
    return {
      name: `AWS Organization ${org.organizationId}`,
      discoveryMode: "organizations",
      awsOrganizationId: org.organizationId,
      managementAccountId: org.managementAccountId,
      units: org.units,
      accounts: org.accounts.map((a) => {
        const ou = units.get(org.parentOf[a.id] ?? "");
        const tags = org.tags[a.id] ?? {};
        return {
          id: a.id,
          name: a.name,
          email: a.email,
          ouId: ou?.id,
          ouPath: ou?.path,
          environment: classifyEnvironment({ name: a.name, tags, ouPath: ou?.path }, settings.environmentTag),
          status: a.state,
          isManagement: a.id === org.managementAccountId,
          roleArn: settings.roleOverrides[a.id],
          tags,
          joinedAt: a.joinedAt,
        };
      }),
    };
  } catch (err) {
    const classified = classifyAwsError(err);
    if (classified.code !== "AccessDenied" && classified.code !== "NotSubscribed") throw err;
    log.warn("no AWS Organizations access; falling back", {
      reason: classified.message,
      configuredAccounts: settings.accounts?.length ?? 0,
    });
  }

  if (settings.accounts && settings.accounts.length > 0) {
    return {
      name: "Configured accounts",
      discoveryMode: "configured",
      units: [],
      accounts: settings.accounts.map((id) => ({
        id,
        name: id,
        environment: "other",
        status: "active",
        isManagement: false,
        roleArn: settings.roleOverrides[id],
        tags: {},
      })),
    };
  }
  const me = await aws.hubSts().send(new GetCallerIdentityCommand({}));
  const id = me.Account!;
  return {
    name: `Hub account ${id}`,
    discoveryMode: "single",
    units: [],
    accounts: [
      {
        id,
        name: id,
        environment: "other",
        status: "active",
        isManagement: false,
        roleArn: settings.roleOverrides[id],
        tags: {},
      },
    ],
  };
}
