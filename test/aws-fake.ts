import {
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type SecurityGroup,
} from "@aws-sdk/client-ec2";
import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { GetPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";

// A fake AWS organization behind aws-sdk-client-mock, for the paths moto cannot play: errors per
// account, opt-in regions, throttling, pagination. Calls are told apart by the credentials they are
// signed with: the fake AssumeRole hands out access key ids "ASIA<account id>".

export const MANAGEMENT = "100000000001";

export type FakeAccount = {
  id: string;
  name: string;
  state?: "ACTIVE" | "SUSPENDED" | "CLOSED";
  /** The account's tags in AWS Organizations. */
  tags?: Record<string, string>;
  /** AssumeRole into this account answers AccessDenied (role missing or untrusted). */
  roleMissing?: boolean;
  /** Command names (e.g. "GetAccountSummaryCommand") that answer AccessDenied in this account. */
  denied?: string[];
  /** Regions DescribeRegions reports; "xx-…:not-opted-in" marks an opt-in region left disabled. */
  regions?: string[];
  /** Regions whose calls fail as an un-enabled region does (UnrecognizedClientException). */
  disabledRegions?: string[];
  securityGroups?: Record<string, SecurityGroup[]>;
  mfa?: boolean;
  rootKeys?: boolean;
};

function awsError(name: string, message: string, status: number) {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: status } });
}

type SdkClient = { config: { credentials: () => Promise<{ accessKeyId: string }>; region: () => Promise<string> } };

// getClient() names the client of the latest send() call, so it is read before any await.
async function callerAccount(client: SdkClient): Promise<string> {
  const creds = await client.config.credentials();
  return creds.accessKeyId.replace(/^ASIA/, "");
}

export function openSsh(groupId: string): SecurityGroup {
  return {
    GroupId: groupId,
    GroupName: groupId,
    VpcId: "vpc-1",
    IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
  };
}

export function closedGroup(groupId: string): SecurityGroup {
  return { GroupId: groupId, GroupName: groupId, VpcId: "vpc-1", IpPermissions: [] };
}

/** Installs the fake; returns the mocks (for call assertions) and a restore function. */
export function fakeOrganization(
  accounts: FakeAccount[],
  opts: {
    pageSize?: number;
    organizationsDenied?: boolean;
    organizationId?: string;
    managementId?: string;
    realEc2?: boolean;
  } = {},
) {
  const managementId = opts.managementId ?? MANAGEMENT;
  const pageSize = opts.pageSize ?? 2;
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const sts = mockClient(STSClient);
  const orgs = mockClient(OrganizationsClient);
  const iam = mockClient(IAMClient);
  const s3control = mockClient(S3ControlClient);
  const ec2 = opts.realEc2 ? undefined : mockClient(EC2Client);

  const page = <T>(items: T[], token: string | undefined) => {
    const start = token ? Number(token) : 0;
    const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
    return { items: items.slice(start, start + pageSize), next };
  };
  const account = async (client: SdkClient, command: string) => {
    const a = byId.get(await callerAccount(client));
    if (!a) throw awsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    if (a.denied?.includes(command))
      throw awsError("AccessDenied", `User is not authorized to perform: ${command}`, 403);
    return a;
  };

  sts.on(GetCallerIdentityCommand).resolves({ Account: managementId, Arn: `arn:aws:iam::${managementId}:user/hub` });
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    const id = input.RoleArn.split(":")[4]!;
    const a = byId.get(id);
    if (!a || a.roleMissing)
      throw awsError(
        "AccessDenied",
        `User: arn:aws:iam::${managementId}:user/hub is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
        403,
      );
    return {
      Credentials: {
        AccessKeyId: `ASIA${id}`,
        SecretAccessKey: "fake",
        SessionToken: "fake",
        Expiration: new Date(Date.now() + 3600_000),
      },
    };
  });

  if (opts.organizationsDenied) {
    orgs
      .onAnyCommand()
      .rejects(awsError("AccessDeniedException", "You don't have permissions to access this resource.", 400));
  } else {
    orgs
      .on(DescribeOrganizationCommand)
      .resolves({ Organization: { Id: opts.organizationId ?? "o-fake123456", MasterAccountId: managementId } });
    orgs.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
      const p = page(accounts, input.NextToken);
      return {
        Accounts: p.items.map((a) => ({
          Id: a.id,
          Name: a.name,
          Email: `${a.name}@example.com`,
          State: a.state ?? "ACTIVE",
        })),
        NextToken: p.next,
      };
    });
    orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-root", Name: "Root" }] });
    orgs
      .on(ListOrganizationalUnitsForParentCommand)
      .callsFake((input: { ParentId: string; NextToken?: string }) =>
        input.ParentId === "r-root"
          ? { OrganizationalUnits: [{ Id: "ou-prod", Name: "Prod" }] }
          : { OrganizationalUnits: [] },
      );
    orgs.on(ListAccountsForParentCommand).callsFake((input: { ParentId: string; NextToken?: string }) => {
      const inOu = accounts.filter((a) => (input.ParentId === "ou-prod") === a.name.includes("prod"));
      const p = page(inOu, input.NextToken);
      return { Accounts: p.items.map((a) => ({ Id: a.id })), NextToken: p.next };
    });
    orgs.on(ListTagsForResourceCommand).callsFake((input: { ResourceId: string }) => ({
      Tags: Object.entries(accounts.find((a) => a.id === input.ResourceId)?.tags ?? {}).map(([Key, Value]) => ({
        Key,
        Value,
      })),
    }));
  }

  iam.on(GetAccountSummaryCommand).callsFake(async (_input, getClient) => {
    const a = await account(getClient() as unknown as SdkClient, "GetAccountSummaryCommand");
    return {
      SummaryMap: {
        AccountMFAEnabled: a.mfa === false ? 0 : 1,
        AccountAccessKeysPresent: a.rootKeys ? 1 : 0,
        Users: 3,
      },
    };
  });
  s3control.on(GetPublicAccessBlockCommand).callsFake(async (_input, getClient) => {
    await account(getClient() as unknown as SdkClient, "GetPublicAccessBlockCommand");
    return {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    };
  });
  ec2?.on(DescribeRegionsCommand).callsFake(async (_input, getClient) => {
    const a = await account(getClient() as unknown as SdkClient, "DescribeRegionsCommand");
    return {
      Regions: (a.regions ?? ["us-east-1", "eu-west-1"]).map((r) => {
        const [name, optIn] = r.split(":");
        return { RegionName: name, OptInStatus: optIn ?? "opt-in-not-required" };
      }),
    };
  });
  ec2?.on(DescribeSecurityGroupsCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
    const client = getClient() as unknown as SdkClient;
    const a = await account(client, "DescribeSecurityGroupsCommand");
    const region = await client.config.region();
    if (a.disabledRegions?.includes(region))
      throw awsError("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
    const p = page(a.securityGroups?.[region] ?? [], input.NextToken);
    return { SecurityGroups: p.items, NextToken: p.next };
  });

  return {
    sts,
    orgs,
    ec2,
    restore: () => [sts, orgs, iam, s3control, ec2].forEach((m) => m?.restore()),
  };
}
