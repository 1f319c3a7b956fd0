import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from "@aws-sdk/client-organizations";
import { PutPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCollectDeps } from "@/lib/collector/deps";
import { runCollection } from "@/lib/collector/run";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";

// The real collector against moto, an independent AWS emulator, over HTTP on loopback: a
// multi-account organization built through Organizations, resources made in member accounts
// through AssumeRole, and what lands in Postgres.

const REGIONS = ["us-east-1", "eu-west-1"];
let handle: DatabaseHandle;
let moto: string;
const creds = { accessKeyId: "testing", secretAccessKey: "testing" };

async function asMember(accountId: string) {
  const sts = new STSClient({ region: "us-east-1", endpoint: moto, credentials: creds });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "setup",
    }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
}

async function createAccount(org: OrganizationsClient, name: string): Promise<string> {
  const out = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  return out.CreateAccountStatus!.AccountId!;
}

const ids = { prod: "", staging: "", dev: "", closed: "", sg: "" };

beforeAll(async () => {
  moto = inject("motoUrl");
  await fetch(`${moto}/moto-api/reset`, { method: "POST" });
  // Everything the SDK would pick up on a real hub: the standard endpoint and credential variables.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
  });

  const org = new OrganizationsClient({ region: "us-east-1", endpoint: moto, credentials: creds });
  await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  ids.prod = await createAccount(org, "payments");
  ids.staging = await createAccount(org, "web");
  ids.dev = await createAccount(org, "sandbox-dev");
  ids.closed = await createAccount(org, "legacy");
  const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const prodOu = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "Prod" })))
    .OrganizationalUnit!.Id!;
  await org.send(new MoveAccountCommand({ AccountId: ids.prod, SourceParentId: root, DestinationParentId: prodOu }));
  await org.send(new TagResourceCommand({ ResourceId: ids.staging, Tags: [{ Key: "Environment", Value: "staging" }] }));
  await org.send(new CloseAccountCommand({ AccountId: ids.closed }));

  // prod: SSH open to the world in eu-west-1, account-level Block Public Access fully on.
  const prod = await asMember(ids.prod);
  const ec2 = new EC2Client({ region: "eu-west-1", endpoint: moto, credentials: prod });
  ids.sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "bastion", Description: "bastion" }))).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: ids.sg,
      IpProtocol: "tcp",
      FromPort: 22,
      ToPort: 22,
      CidrIp: "0.0.0.0/0",
    }),
  );
  const s3control = new S3ControlClient({
    region: "us-east-1",
    credentials: prod,
    endpointProvider: () => ({ url: new URL(moto) }),
  });
  await s3control.send(
    new PutPublicAccessBlockCommand({
      AccountId: ids.prod,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );

  handle = await openDatabase({ url: inject("databaseUrl") });
});

afterAll(async () => {
  await handle?.close();
});

function deps() {
  const env = parseEnv({
    ...process.env,
    POSTURE_REGIONS: REGIONS.join(","),
    POSTURE_EXTERNAL_ID: "posture-test-external-id",
  });
  return createCollectDeps(handle.db, env, {
    only: [
      "iam_root_access_key_present",
      "iam_root_mfa_disabled",
      "s3_account_block_public_access_off",
      "sg_world_open_ssh",
    ],
  });
}

describe("collector against moto", () => {
  it("discovers the organization, collects every account and region, and stores findings", async () => {
    const result = await runCollection(deps(), { trigger: "cli" });
    const db = handle.db;

    const [org] = await db.select().from(s.organizations).where(eq(s.organizations.id, result.organizationId));
    expect(org).toMatchObject({ discoveryMode: "organizations", isDemo: false });
    expect(org!.managementAccountId).toMatch(/^\d{12}$/);

    const accounts = await db
      .select()
      .from(s.awsAccounts)
      .where(eq(s.awsAccounts.organizationId, result.organizationId));
    const byId = new Map(accounts.map((a) => [a.id, a]));
    expect(accounts).toHaveLength(5);
    expect(byId.get(ids.prod)).toMatchObject({ environment: "prod", ouPath: "Root/Prod", status: "active" });
    expect(byId.get(ids.staging)).toMatchObject({ environment: "staging", tags: { Environment: "staging" } });
    expect(byId.get(ids.dev)?.environment).toBe("dev");
    expect(byId.get(ids.closed)?.status).toBe("suspended");
    expect(byId.get(org!.managementAccountId!)?.isManagement).toBe(true);

    expect(result.run).toMatchObject({ status: "succeeded", accountsTotal: 5, accountsDone: 5 });
    const units = await db.select().from(s.runUnits).where(eq(s.runUnits.runId, result.runId));
    // 4 active accounts × (global + 2 regions) + 1 skipped unit for the closed account.
    expect(units).toHaveLength(13);
    expect(units.find((u) => u.accountId === ids.closed)).toMatchObject({
      region: "global",
      status: "skipped",
      errorCode: "Suspended",
    });
    expect(units.filter((u) => u.accountId !== ids.closed).every((u) => u.status === "ok")).toBe(true);
    // Per active account: DescribeRegions, GetAccountSummary, GetPublicAccessBlock and DescribeSecurityGroups × 2 regions.
    expect(result.run!.apiCalls).toBe(4 * 5);

    const found = await db.select().from(s.findings).where(eq(s.findings.lastRunId, result.runId));
    const ssh = found.filter((f) => f.checkId === "sg_world_open_ssh");
    expect(ssh.map((f) => [f.accountId, f.region, f.resourceId])).toEqual([
      [ids.prod, "eu-west-1", `arn:aws:ec2:eu-west-1:${ids.prod}:security-group/${ids.sg}`],
    ]);
    const pabOff = found
      .filter((f) => f.checkId === "s3_account_block_public_access_off")
      .map((f) => f.accountId)
      .sort();
    expect(pabOff).toEqual([ids.staging, ids.dev, org!.managementAccountId].sort());
    expect(found.every((f) => f.status === "NEW")).toBe(true);

    const [rollup] = await db.select().from(s.accountDaily).where(eq(s.accountDaily.accountId, ids.prod));
    // moto always reports root MFA off (critical); SSH open is high, raised to critical in prod.
    expect(ssh[0]!.severity).toBe("critical");
    expect(rollup).toMatchObject({ openCritical: 2, openHigh: 0 });
    expect(rollup!.score).toBeLessThan(100);
  });

  it("resolves a finding once the resource is fixed, with an event, and leaves the rest open", async () => {
    const prod = await asMember(ids.prod);
    const ec2 = new EC2Client({ region: "eu-west-1", endpoint: moto, credentials: prod });
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: ids.sg,
        IpProtocol: "tcp",
        FromPort: 22,
        ToPort: 22,
        CidrIp: "0.0.0.0/0",
      }),
    );

    const second = await runCollection(deps(), { trigger: "cli" });
    const db = handle.db;
    expect(second.run).toMatchObject({ status: "succeeded", accountsDone: 5, unitsDone: 13, unitsFailed: 0 });
    const [ssh] = await db
      .select()
      .from(s.findings)
      .where(and(eq(s.findings.checkId, "sg_world_open_ssh"), eq(s.findings.accountId, ids.prod)));
    expect(ssh).toMatchObject({ status: "RESOLVED", lastRunId: second.runId });
    const events = await db
      .select()
      .from(s.findingEvents)
      .where(eq(s.findingEvents.findingId, ssh!.id))
      .orderBy(s.findingEvents.occurredAt, s.findingEvents.id);
    expect(events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, "NEW"],
      ["NEW", "RESOLVED"],
    ]);

    const [mfa] = await db
      .select()
      .from(s.findings)
      .where(and(eq(s.findings.checkId, "iam_root_mfa_disabled"), eq(s.findings.accountId, ids.prod)));
    expect(mfa).toMatchObject({ status: "NEW", lastRunId: second.runId });
  });
});

describe("the whole catalogue against moto", () => {
  it("reads every service moto implements without errors, and evaluates the checks", async () => {
    const env = parseEnv({
      ...process.env,
      POSTURE_REGIONS: REGIONS.join(","),
      POSTURE_EXTERNAL_ID: "posture-test-external-id",
    });
    const result = await runCollection(createCollectDeps(handle.db, env), { trigger: "cli" });
    const units = await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, result.runId));
    const collected = units.filter((u) => u.status !== "skipped");
    expect(collected).toHaveLength(12);
    // moto has no IAM Access Analyzer and no SES v2 GetAccount; every other reader must succeed.
    for (const u of collected) {
      const failures = (u.errorMessage ?? "")
        .split("; ")
        .filter(Boolean)
        .map((m) => m.split(":")[0]);
      expect(
        failures.filter((f) => f !== "accessAnalyzers" && f !== "ses"),
        `${u.accountId}/${u.region}: ${u.errorMessage}`,
      ).toEqual([]);
    }
    const found = await handle.db
      .select({ checkId: s.findings.checkId })
      .from(s.findings)
      .where(and(eq(s.findings.lastRunId, result.runId), eq(s.findings.accountId, ids.prod)));
    const checkIds = new Set(found.map((f) => f.checkId));
    for (const id of [
      "guardduty_disabled_in_region",
      "ebs_default_encryption_off",
      "vpc_flow_logs_disabled",
      "iam_password_policy_weak",
      "config_recorder_off",
      "cloudtrail_not_multi_region",
    ]) {
      expect(checkIds, id).toContain(id);
    }
    const stats = await handle.db.select().from(s.checkAccountStats).where(eq(s.checkAccountStats.accountId, ids.prod));
    expect(stats.length).toBeGreaterThan(30);
  });
});
