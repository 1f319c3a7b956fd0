import { describe, expect, it } from "vitest";
import type { CheckResult, OrgCheckContext, ResultStatus } from "@/lib/checks/types";
import { allChecks, checks, orgChecks } from "@/lib/checks/registry";
import { effectiveSeverity } from "@/lib/checks/severity";
import { evaluateCheck } from "@/lib/checks/evaluate";
import { evaluateChecks } from "@/lib/collector/evaluate";
import { SEVERITY_WEIGHTS } from "@/lib/scoring";
import { DEMO_ACCOUNT_IDS as ID, DEMO_DAYS, DEMO_STORY as S, demoInventory, demoOrganization } from "./organization";

// Runs the real catalogue over the demo organization, as the collector would: one context per
// account × unit (global and each region), then the organization-wide checks over every account.

type Outcome = { checkId: string; accountId: string; region: string; day: number; result: CheckResult };

const settings = demoOrganization.checkSettings;
const envOf = new Map(demoOrganization.accounts.map((a) => [a.id, a.environment]));

function evaluateDay(day: number): { outcomes: Outcome[]; evaluated: Set<string> } {
  const outcomes: Outcome[] = [];
  const evaluated = new Set<string>();
  const orgCtx: OrgCheckContext = { partition: "aws", settings, accounts: [] };
  for (const account of demoOrganization.accounts) {
    const inv = demoInventory(account.id, day);
    const environment = envOf.get(account.id)!;
    orgCtx.accounts.push({ accountId: account.id, environment, global: inv.global, regions: inv.regions });
    const units = [
      { region: "global", inventory: inv.global, scope: "global" as const },
      ...Object.entries(inv.regions).map(([region, inventory]) => ({ region, inventory, scope: "regional" as const })),
    ];
    for (const unit of units) {
      const unitChecks = checks.filter((c) => c.scope === unit.scope);
      const ctx = {
        accountId: account.id,
        region: unit.region,
        partition: "aws",
        environment,
        settings,
        inventory: unit.inventory,
      };
      const evaluation = evaluateChecks(unitChecks, ctx);
      for (const e of evaluation.evaluated) evaluated.add(e.checkId);
      // evaluateChecks keeps only failures; the statuses of every result come from the checks themselves.
      for (const check of unitChecks) {
        if (!evaluation.evaluated.some((e) => e.checkId === check.id)) continue;
        for (const result of evaluateCheck(check, ctx) ?? [])
          outcomes.push({ checkId: check.id, accountId: account.id, region: unit.region, day, result });
      }
    }
  }
  for (const check of orgChecks) {
    const results = check.evaluate(orgCtx);
    if (results.length > 0) evaluated.add(check.id);
    for (const r of results)
      outcomes.push({ checkId: check.id, accountId: r.accountId, region: r.region, day, result: r });
  }
  return { outcomes, evaluated };
}

const cache = new Map<number, ReturnType<typeof evaluateDay>>();
const onDay = (day: number) => {
  let found = cache.get(day);
  if (!found) cache.set(day, (found = evaluateDay(day)));
  return found;
};

function results(day: number, checkId: string, accountId: string, region?: string): CheckResult[] {
  return onDay(day)
    .outcomes.filter(
      (o) => o.checkId === checkId && o.accountId === accountId && (region === undefined || o.region === region),
    )
    .map((o) => o.result);
}

const statuses = (day: number, checkId: string, accountId: string, region?: string): ResultStatus[] =>
  results(day, checkId, accountId, region).map((r) => r.status);
const fails = (day: number, checkId: string, accountId: string, region?: string) =>
  statuses(day, checkId, accountId, region).includes("fail");
/** The score's weight of the day's failures (severities raised in prod), as the dashboard computes it. */
const severityOf = new Map(allChecks.map((c) => [c.id, c.severity]));
const failWeight = (day: number) =>
  onDay(day)
    .outcomes.filter((o) => o.result.status === "fail")
    .reduce(
      (w, o) =>
        w +
        SEVERITY_WEIGHTS[
          effectiveSeverity(severityOf.get(o.checkId)!, envOf.get(o.accountId)!, settings.prodSeverityRaise)
        ],
      0,
    );

const ALL_DAYS = Array.from({ length: DEMO_DAYS }, (_, d) => d);

describe("demo organization", () => {
  it("describes a realistic organization", () => {
    expect(demoOrganization.organizationId).toMatch(/^o-demo[a-z0-9]+$/);
    expect(demoOrganization.accounts.length).toBeGreaterThanOrEqual(6);
    expect(new Set(demoOrganization.accounts.map((a) => a.environment))).toEqual(
      new Set(["prod", "staging", "dev", "other"]),
    );
    for (const a of demoOrganization.accounts) {
      expect(a.id).toMatch(/^\d{12}$/);
      expect(a.ouPath).toMatch(/^Root(\/|$)/);
    }
    expect(demoOrganization.accounts.some((a) => a.id === demoOrganization.managementAccountId)).toBe(true);
    expect(demoOrganization.checkSettings.unusedRegions).toEqual(["ap-southeast-2"]);
    expect(demoOrganization.regions).toContain("ap-southeast-2");
    expect(demoOrganization.checkSettings.onPremisesCidrs).toEqual(["10.0.0.0/16"]);
    expect(demoOrganization.checkSettings.logArchiveAccountId).toBe(ID.logArchive);
    // The central bucket is a bucket of the log-archive account.
    const buckets = demoInventory(ID.logArchive, 0).global.s3Buckets!.map((b) => b.name);
    expect(buckets).toContain(demoOrganization.checkSettings.logArchiveBucket);
  });

  it("only uses the organization's regions and rejects unknown accounts and days", () => {
    for (const a of demoOrganization.accounts)
      for (const r of Object.keys(demoInventory(a.id, 0).regions)) expect(demoOrganization.regions).toContain(r);
    expect(() => demoInventory("123456789012", 0)).toThrow();
    expect(() => demoInventory(ID.webProd, DEMO_DAYS)).toThrow(RangeError);
    expect(() => demoInventory(ID.webProd, 1.5)).toThrow(RangeError);
  });

  it("is deterministic and pure", () => {
    for (const a of demoOrganization.accounts) {
      for (const day of [0, 37, 89]) expect(demoInventory(a.id, day)).toEqual(demoInventory(a.id, day));
    }
    // Mutating one answer does not leak into the next.
    const first = demoInventory(ID.management, 5);
    first.global.cloudTrails!.length = 0;
    expect(demoInventory(ID.management, 5).global.cloudTrails).toHaveLength(1);
  });

  it("moves every date with `today`, keeping the checks' verdicts", () => {
    const today = new Date("2031-02-03T06:00:00.000Z");
    for (const a of demoOrganization.accounts) {
      const anchored = demoInventory(a.id, 70);
      const moved = demoInventory(a.id, 70, today);
      expect(moved.global.iamCredentialReport!.generatedAt).toEqual(new Date(today.getTime() - 19 * 86_400_000));
      expect(JSON.stringify(moved)).not.toMatch(/2025-/);
      const verdicts = (inv: typeof anchored) =>
        checks
          .filter((c) => c.scope === "global")
          .flatMap((c) =>
            (
              evaluateCheck(c, {
                accountId: a.id,
                region: "global",
                partition: "aws",
                environment: a.environment,
                settings,
                inventory: inv.global,
              }) ?? []
            ).map((r) => `${c.id}:${r.resourceId}:${r.status}`),
          );
      expect(verdicts(moved)).toEqual(verdicts(anchored));
      expect(Object.keys(moved.regions)).toEqual(Object.keys(anchored.regions));
    }
    expect(() => demoInventory(ID.webProd, 0, new Date(Number.NaN))).toThrow(RangeError);
  });

  it("management: the root access key fails until it is removed; root MFA is on; contacts partly missing", () => {
    expect(fails(10, "iam_root_access_key_present", ID.management)).toBe(true);
    expect(fails(S.rootKeyRemovedDay - 1, "iam_root_access_key_present", ID.management)).toBe(true);
    expect(statuses(S.rootKeyRemovedDay, "iam_root_access_key_present", ID.management)).toEqual(["pass"]);
    expect(statuses(89, "iam_root_access_key_present", ID.management)).toEqual(["pass"]);
    expect(statuses(89, "iam_root_mfa_disabled", ID.management)).toEqual(["pass"]);
    // Deleting the key took a root sign-in.
    expect(statuses(10, "iam_root_recently_used", ID.management)).toEqual(["pass"]);
    expect(statuses(89, "iam_root_recently_used", ID.management)).toEqual(["fail"]);
    const contacts = results(89, "account_contacts_missing", ID.management)[0]!;
    expect(contacts.status).toBe("fail");
    expect(contacts.evidence.missing).toEqual(["OPERATIONS"]);
  });

  it("identity: admins without MFA in data-dev, too many admins in web-prod for a while, an old key, an unused user", () => {
    expect(fails(10, "iam_console_user_without_mfa", ID.dataDev)).toBe(true);
    expect(results(10, "iam_console_user_without_mfa", ID.dataDev).filter((r) => r.status === "fail")).toHaveLength(2);
    expect(results(89, "iam_console_user_without_mfa", ID.dataDev).filter((r) => r.status === "fail")).toHaveLength(1);
    expect(statuses(10, "iam_admin_user_count_high", ID.webProd)).toEqual(["pass"]);
    expect(statuses(30, "iam_admin_user_count_high", ID.webProd)).toEqual(["fail"]);
    expect(statuses(89, "iam_admin_user_count_high", ID.webProd)).toEqual(["pass"]);
    expect(fails(10, "iam_access_key_older_than_90d", ID.webProd)).toBe(false);
    expect(fails(40, "iam_access_key_older_than_90d", ID.webProd)).toBe(true);
    expect(fails(89, "iam_access_key_older_than_90d", ID.webProd)).toBe(false);
    expect(fails(10, "iam_credentials_unused_45d", ID.webStaging)).toBe(false);
    expect(fails(60, "iam_credentials_unused_45d", ID.webStaging)).toBe(true);
    expect(fails(89, "iam_credentials_unused_45d", ID.webStaging)).toBe(false);
    expect(fails(10, "iam_user_multiple_active_keys", ID.dataDev)).toBe(true);
    expect(fails(89, "iam_user_multiple_active_keys", ID.dataDev)).toBe(false);
    expect(fails(89, "iam_policy_full_admin_star", ID.dataDev)).toBe(true);
    expect(fails(89, "iam_policy_privilege_escalation", ID.webStaging)).toBe(true);
    expect(statuses(89, "iam_support_role_missing", ID.sandboxDev)).toEqual(["fail"]);
    expect(statuses(89, "iam_support_role_missing", ID.paymentsProd)).toEqual(["pass"]);
  });

  it("network: the payments database port is open only between days 30 and 75", () => {
    expect(fails(10, "sg_world_open_db_ports", ID.paymentsProd)).toBe(false);
    expect(fails(50, "sg_world_open_db_ports", ID.paymentsProd)).toBe(true);
    expect(fails(89, "sg_world_open_db_ports", ID.paymentsProd)).toBe(false);
    expect(statuses(89, "sg_world_open_db_ports", ID.paymentsProd)).toContain("pass");
  });

  it("network: SSH open in sandbox-dev throughout, RDP open in data-dev for two weeks", () => {
    for (const day of [0, 45, 89]) expect(fails(day, "sg_world_open_ssh", ID.sandboxDev, "us-east-1")).toBe(true);
    expect(fails(S.dataDevRdpOpen.from - 1, "sg_world_open_rdp", ID.dataDev)).toBe(false);
    expect(fails(S.dataDevRdpOpen.from, "sg_world_open_rdp", ID.dataDev)).toBe(true);
    expect(fails(S.dataDevRdpOpen.until - 1, "sg_world_open_rdp", ID.dataDev)).toBe(true);
    expect(fails(S.dataDevRdpOpen.until, "sg_world_open_rdp", ID.dataDev)).toBe(false);
    expect(fails(10, "sg_world_open_all_ports", ID.sandboxDev)).toBe(false);
    expect(fails(70, "sg_world_open_all_ports", ID.sandboxDev)).toBe(true);
    expect(fails(89, "sg_world_open_all_ports", ID.sandboxDev)).toBe(false);
  });

  it("network: instances in the unused region fail from day 70, not before", () => {
    expect(statuses(10, "ec2_instances_in_unused_regions", ID.dataDev, "ap-southeast-2")).toEqual(["pass"]);
    const later = statuses(80, "ec2_instances_in_unused_regions", ID.dataDev, "ap-southeast-2");
    expect(later.length).toBeGreaterThanOrEqual(3);
    expect(later.every((s) => s === "fail")).toBe(true);
    expect(fails(80, "default_vpc_in_use", ID.dataDev, "ap-southeast-2")).toBe(true);
    // Used regions are not judged by this check.
    expect(statuses(80, "ec2_instances_in_unused_regions", ID.dataDev, "us-east-1")).toEqual(["not_applicable"]);
  });

  it("network: overlapping VPC CIDRs between web-prod and payments-prod, and with on-premises", () => {
    const overlap = onDay(89).outcomes.filter(
      (o) => o.checkId === "vpc_cidr_overlap_across_accounts" && o.result.status === "fail",
    );
    const failing = new Set(overlap.map((o) => o.accountId));
    expect(failing).toContain(ID.webProd);
    expect(failing).toContain(ID.paymentsProd);
    const onPrem = overlap.find((o) => o.accountId === ID.dataDev && o.region === "us-east-1")!;
    expect(JSON.stringify(onPrem.result.evidence)).toContain('"onPremises":true');
    const pay = overlap.find((o) => o.accountId === ID.paymentsProd)!;
    expect(pay.result.evidence.cidrBlocks).toEqual(["10.20.0.0/16"]);
    // Before the attacker recreated a default VPC, only these three collide.
    const early = onDay(10).outcomes.filter(
      (o) => o.checkId === "vpc_cidr_overlap_across_accounts" && o.result.status === "fail",
    );
    expect(new Set(early.map((o) => o.accountId))).toEqual(new Set([ID.webProd, ID.paymentsProd, ID.dataDev]));
    expect(statuses(10, "vpc_cidr_overlap_across_accounts", ID.securityTooling)).toEqual(["pass"]);
  });

  it("storage: the web-staging bucket is public from day 40; versioning and KMS gaps", () => {
    expect(fails(S.publicBucketDay - 1, "s3_bucket_public", ID.webStaging)).toBe(false);
    expect(fails(S.publicBucketDay, "s3_bucket_public", ID.webStaging)).toBe(true);
    expect(fails(89, "s3_bucket_public", ID.webStaging)).toBe(true);
    expect(fails(89, "s3_account_block_public_access_off", ID.webStaging)).toBe(true);
    expect(fails(10, "s3_account_block_public_access_off", ID.webStaging)).toBe(false);
    expect(fails(89, "s3_bucket_versioning_off", ID.dataDev)).toBe(true);
    expect(fails(10, "s3_bucket_versioning_off", ID.webProd)).toBe(true);
    expect(fails(89, "s3_bucket_versioning_off", ID.webProd)).toBe(false);
    expect(fails(89, "s3_bucket_no_kms_for_sensitive", ID.dataDev)).toBe(true);
    expect(statuses(89, "s3_bucket_no_kms_for_sensitive", ID.paymentsProd)).toContain("pass");
  });

  it("containers: plain-text secrets in payments-api, still in revision 41 after 42 moves them", () => {
    const before = results(10, "ecs_taskdef_secrets_in_env", ID.paymentsProd).find((r) => r.status === "fail")!;
    const exposed = (before.evidence.exposed as { variable: string; reasons: string[] }[]).map((e) => e.variable);
    expect(exposed).toEqual(
      expect.arrayContaining(["PAYMENTS_DB_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]),
    );
    expect(
      (before.evidence.exposed as { variable: string; reasons: string[] }[]).find(
        (e) => e.variable === "AWS_ACCESS_KEY_ID",
      )!.reasons,
    ).toContain("aws-access-key-id");
    const after = results(89, "ecs_taskdef_secrets_in_env", ID.paymentsProd).filter((r) =>
      r.resourceId.includes("payments-api"),
    );
    expect(after.map((r) => [r.resourceId.split(":").pop(), r.status, r.evidence.latestRevision])).toEqual([
      ["41", "fail", false],
      ["42", "pass", true],
    ]);
    expect(fails(89, "ecs_task_role_equals_execution_role", ID.webStaging)).toBe(true);
    expect(fails(89, "ecr_scan_on_push_off", ID.webProd)).toBe(true);
    expect(fails(89, "ecr_scan_on_push_off", ID.paymentsProd)).toBe(false);
    expect(fails(89, "alb_invalid_headers_not_dropped", ID.webProd, "us-east-1")).toBe(true);
    expect(fails(89, "alb_invalid_headers_not_dropped", ID.paymentsProd)).toBe(false);
  });

  it("RDS: public in data-dev, unencrypted in staging, TLS forced in prod, deletion protection off in staging", () => {
    expect(fails(89, "rds_publicly_accessible", ID.dataDev)).toBe(true);
    expect(fails(89, "rds_unencrypted", ID.webStaging)).toBe(true);
    expect(statuses(89, "rds_tls_not_forced", ID.paymentsProd)).toContain("pass");
    expect(fails(89, "rds_tls_not_forced", ID.paymentsProd)).toBe(false);
    expect(statuses(89, "rds_tls_not_forced", ID.webProd)).toEqual(["pass"]);
    expect(fails(89, "rds_tls_not_forced", ID.webStaging)).toBe(true);
    expect(fails(89, "rds_no_deletion_protection", ID.webStaging)).toBe(true);
    expect(fails(89, "rds_no_deletion_protection", ID.paymentsProd)).toBe(false);
    expect(fails(89, "rds_no_backups", ID.dataDev)).toBe(true);
  });

  it("logging: one organization trail to the log archive, except sandbox-dev's own trail", () => {
    for (const a of demoOrganization.accounts) {
      const expected = a.id === ID.sandboxDev ? "fail" : "pass";
      expect(statuses(89, "cloudtrail_not_to_central_bucket", a.id)).toEqual([expected]);
      expect(statuses(89, "cloudtrail_not_multi_region", a.id)).toEqual([expected]);
    }
    expect(statuses(89, "cloudtrail_validation_or_kms_off", ID.sandboxDev)).toEqual(["fail"]);
    expect(statuses(89, "cloudtrail_validation_or_kms_off", ID.management)).toEqual(["pass"]);
    expect(statuses(89, "cloudtrail_validation_or_kms_off", ID.webProd)).toEqual(["not_applicable"]);
  });

  it("detective controls: GuardDuty off in web-prod's unused region, Security Hub off in dev, Config off or partial in dev", () => {
    for (const a of demoOrganization.accounts) {
      expect(statuses(89, "guardduty_disabled_in_region", a.id, "ap-southeast-2")).toEqual([
        a.id === ID.webProd ? "fail" : "pass",
      ]);
      expect(statuses(89, "guardduty_disabled_in_region", a.id, "us-east-1")).toEqual(["pass"]);
      const runtime = statuses(89, "guardduty_required_feature_disabled", a.id, "eu-west-1");
      expect(runtime).toContain(a.id === ID.sandboxDev ? "fail" : "pass");
      if (a.id !== ID.sandboxDev) expect(runtime).not.toContain("fail");
      expect(statuses(89, "securityhub_disabled", a.id, "us-east-1")).toEqual([
        a.environment === "dev" ? "fail" : "pass",
      ]);
      expect(statuses(89, "config_recorder_off", a.id, "eu-west-1")).toEqual([
        a.id === ID.sandboxDev || a.id === ID.dataDev ? "fail" : "pass",
      ]);
    }
    expect(statuses(58, "config_recorder_off", ID.dataDev, "us-east-1")).toEqual(["fail"]);
    expect(fails(89, "vpc_flow_logs_disabled", ID.dataDev)).toBe(true);
    expect(fails(89, "vpc_flow_logs_disabled", ID.paymentsProd)).toBe(false);
    expect(fails(89, "ebs_default_encryption_off", ID.dataDev)).toBe(true);
    expect(fails(89, "ebs_default_encryption_off", ID.webProd)).toBe(false);
    expect(fails(10, "ec2_imdsv1_allowed", ID.webProd)).toBe(true);
    expect(fails(89, "ec2_imdsv1_allowed", ID.webProd)).toBe(false);
    expect(fails(89, "kms_cmk_rotation_off", ID.dataDev)).toBe(true);
    expect(statuses(89, "billing_alarm_or_budget_missing", ID.sandboxDev)).toEqual(["fail"]);
    expect(statuses(10, "billing_alarm_or_budget_missing", ID.dataDev)).toEqual(["fail"]);
    expect(statuses(89, "billing_alarm_or_budget_missing", ID.dataDev)).toEqual(["pass"]);
  });

  it("prod accounts mostly pass, and the organization improves overall with regressions on the way", () => {
    const rate = (accountId: string, day: number) => {
      const own = onDay(day).outcomes.filter((o) => o.accountId === accountId && o.result.status !== "not_applicable");
      return own.filter((o) => o.result.status === "pass").length / own.length;
    };
    for (const prod of [ID.paymentsProd, ID.webProd]) expect(rate(prod, 89)).toBeGreaterThan(0.9);
    expect(rate(ID.sandboxDev, 89)).toBeLessThan(rate(ID.paymentsProd, 89));
    expect(rate(ID.dataDev, 89)).toBeLessThan(rate(ID.webProd, 89));
    expect(failWeight(89)).toBeLessThan(failWeight(0));
    // Regressions on the way: extra admins, the open database port, the public bucket, the mining burst.
    for (const day of [S.webProdExtraAdmins.from, S.paymentsDbOpen.from, S.publicBucketDay, S.miningStartDay])
      expect(failWeight(day)).toBeGreaterThan(failWeight(day - 1));
    // … and fixes: the root key, the closed database port.
    for (const day of [S.rootKeyRemovedDay, S.paymentsDbOpen.until])
      expect(failWeight(day)).toBeLessThan(failWeight(day - 1));
  });

  it("exercises every check of the catalogue on some account and day", { timeout: 60_000 }, () => {
    const evaluated = new Set<string>();
    const statusesSeen = new Map<string, Set<ResultStatus>>();
    for (const day of ALL_DAYS) {
      const { outcomes, evaluated: e } = onDay(day);
      for (const id of e) evaluated.add(id);
      for (const o of outcomes) {
        const set = statusesSeen.get(o.checkId) ?? new Set();
        set.add(o.result.status);
        statusesSeen.set(o.checkId, set);
      }
    }
    // No exceptions: every check is evaluated, and every check both fails and passes somewhere.
    const ids = allChecks.map((c) => c.id);
    expect(ids).toHaveLength(63);
    expect(ids.filter((id) => !evaluated.has(id))).toEqual([]);
    expect(ids.filter((id) => !statusesSeen.get(id)?.has("fail"))).toEqual([]);
    expect(ids.filter((id) => !statusesSeen.get(id)?.has("pass"))).toEqual([]);
  });

  it("evidence carries no secret other than the documented fake example values", () => {
    const AWS_KEY = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g;
    const SUSPICIOUS = [
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
      /\beyJ[A-Za-z0-9_-]{8,}\.eyJ/,
      /[a-z][a-z0-9+.-]*:\/\/[^\s:@/"]+:[^\s@/"]+@/i,
      /\bsk_(live|test)_/,
      /\bghp_[A-Za-z0-9]{20,}/,
      /xox[baprs]-/,
    ];
    for (const day of [0, 50, 89]) {
      const text = JSON.stringify(onDay(day).outcomes.map((o) => o.result.evidence));
      for (const key of text.match(AWS_KEY) ?? []) expect(key).toMatch(/^AKIAEXAMPLE/);
      for (const re of SUSPICIOUS) expect(text).not.toMatch(re);
      // The raw values never leave the demo's reader stand-in: not even the fake ones.
      expect(text).not.toContain("AKIAEXAMPLEDEMO00001");
      expect(text).not.toContain("EXAMPLEKEY");
      // Nor in the inventory itself.
      const inventory = JSON.stringify(demoOrganization.accounts.map((a) => demoInventory(a.id, day)));
      for (const key of inventory.match(AWS_KEY) ?? []) expect(key).toMatch(/^AKIAEXAMPLE/);
      for (const re of SUSPICIOUS) expect(inventory).not.toMatch(re);
      expect(inventory).not.toContain("not-a-real-password");
    }
  });
});
