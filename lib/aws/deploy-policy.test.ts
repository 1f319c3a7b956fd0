import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** The IAM prefix of each SDK client package the readers import. */
const PREFIX: Record<string, string> = {
  "client-accessanalyzer": "access-analyzer",
  "client-account": "account",
  "client-budgets": "budgets",
  "client-cloudtrail": "cloudtrail",
  "client-cloudwatch": "cloudwatch",
  "client-config-service": "config",
  "client-cost-explorer": "ce",
  "client-ec2": "ec2",
  "client-ecr": "ecr",
  "client-ecs": "ecs",
  "client-efs": "elasticfilesystem",
  "client-elastic-load-balancing-v2": "elasticloadbalancing",
  "client-guardduty": "guardduty",
  "client-iam": "iam",
  "client-kms": "kms",
  "client-organizations": "organizations",
  "client-rds": "rds",
  "client-s3": "s3",
  "client-s3-control": "s3",
  "client-securityhub": "securityhub",
  "client-ses": "ses",
  "client-sesv2": "ses",
  "client-sts": "sts",
};

/** API operations that IAM authorizes under another action name. */
const AUTHORIZED_AS: Record<string, string> = {
  "budgets:DescribeBudgets": "budgets:ViewBudget",
  "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
  "s3:ListBuckets": "s3:ListAllMyBuckets",
  "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
  "s3-control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
};

/** Operations that read even though their verb is not Get, List, Describe or Lookup. */
const READS_BY_NAME = new Set(["iam:GenerateCredentialReport", "budgets:ViewBudget", "sts:GetCallerIdentity"]);
const READ_VERB = /^[a-z0-9-]+:(Get|List|Describe|Lookup|BatchGet)[A-Za-z]*$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every AWS action lib/aws calls: each command and paginator imported from an SDK client package. */
function readerActions(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const importRe = /import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/(client-[a-z0-9-]+)"/g;
  for (const file of sourceFiles("lib/aws")) {
    for (const m of read(file).matchAll(importRe)) {
      const pkg = m[2]!;
      for (const raw of m[1]!.split(",")) {
        const name = raw.trim().split(/\s+as\s+/)[0]!;
        if (name.startsWith("type ")) continue;
        const op = name.endsWith("Command") ? name.slice(0, -7) : name.startsWith("paginate") ? name.slice(8) : null;
        if (!op) continue;
        const prefix = PREFIX[pkg];
        if (!prefix) throw new Error(`${file}: no IAM prefix known for @aws-sdk/${pkg}; add it to PREFIX`);
        const key = `${pkg === "client-s3-control" ? "s3-control" : prefix}:${op}`;
        const action = AUTHORIZED_AS[key] ?? `${prefix}:${op}`;
        out.set(action, [...(out.get(action) ?? []), relative(root, join(root, file))]);
      }
    }
  }
  return out;
}

type Statement = { Sid?: string; Effect: "Allow" | "Deny"; Action: string | string[] };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const policy = (path: string) => (JSON.parse(read(path)) as { Statement: Statement[] }).Statement;

function allowed(statements: Statement[]): Set<string> {
  return new Set(statements.filter((s) => s.Effect === "Allow").flatMap(actionsOf));
}

/** The actions of one CloudFormation statement, by Sid (one action a line, or one after `Action:`). */
function cloudFormationActions(sid: string): string[] {
  const yaml = read("deploy/cloudformation/posture-audit-role.yaml");
  const at = yaml.indexOf(`Sid: ${sid}`);
  expect(at, `statement ${sid} in the CloudFormation template`).toBeGreaterThan(0);
  const block = yaml.slice(at, yaml.indexOf("Resource:", at));
  return [...block.matchAll(/^\s+(?:- |Action: )([a-z0-9-]+:[A-Za-z*]+)/gm)].map((m) => m[1]!);
}

/** The actions of one Terraform policy-document statement, by sid. */
function terraformActions(sid: string): string[] {
  const tf = read("deploy/terraform/posture-audit-role/main.tf");
  const at = tf.search(new RegExp(`sid\\s*=\\s*"${sid}"`));
  expect(at, `statement ${sid} in the Terraform module`).toBeGreaterThan(0);
  const block = tf.slice(at, tf.indexOf("resources", at));
  return [...block.matchAll(/"([a-z0-9-]+:[A-Za-z*]+)"/g)].map((m) => m[1]!);
}

const HUB_PREFIXES = new Set(["sts", "organizations"]);

describe("deploy policies", () => {
  const actions = readerActions();
  const audit = policy("deploy/policies/audit-role-extra.json");
  const hub = policy("deploy/policies/hub-policy.json");

  it("finds the readers' actions, the CloudTrail ones included", () => {
    expect(actions.size).toBeGreaterThan(40);
    for (const a of ["cloudtrail:LookupEvents", "ec2:DescribeRegions", "iam:GenerateCredentialReport"])
      expect(actions.has(a), a).toBe(true);
  });

  it("grants every action the audit-role readers call in the inline policy, whatever the managed policies hold", () => {
    const granted = allowed(audit);
    const missing = [...actions.keys()].filter((a) => !HUB_PREFIXES.has(a.split(":")[0]!) && !granted.has(a));
    expect(missing.map((a) => `${a} (${actions.get(a)!.join(", ")})`)).toEqual([]);
  });

  it("grants the hub every Organizations and STS action it calls", () => {
    const granted = allowed(hub);
    const missing = [...actions.keys()].filter((a) => HUB_PREFIXES.has(a.split(":")[0]!) && !granted.has(a));
    expect(missing).toEqual([]);
  });

  it("allows no write action in the audit role or the hub policy", () => {
    const writes = [...allowed(audit), ...allowed(hub)].filter(
      (a) => !READ_VERB.test(a) && !READS_BY_NAME.has(a) && a !== "sts:AssumeRole",
    );
    expect(writes).toEqual([]);
    // The hub may assume the audit role only; the audit role itself may assume nothing.
    expect(hub.find((s) => actionsOf(s).includes("sts:AssumeRole"))).toMatchObject({
      Resource: expect.stringMatching(/:role\/PostureAuditRole$/),
    });
    expect(audit.find((s) => s.Effect === "Deny" && actionsOf(s).includes("sts:AssumeRole"))).toBeDefined();
  });

  it("keeps the CloudFormation template and the Terraform module equal to the JSON policy", () => {
    for (const s of audit) {
      if (!s.Sid) continue;
      expect(cloudFormationActions(s.Sid).sort(), `CloudFormation ${s.Sid}`).toEqual(actionsOf(s).sort());
      expect(terraformActions(s.Sid).sort(), `Terraform ${s.Sid}`).toEqual(actionsOf(s).sort());
    }
  });
});
