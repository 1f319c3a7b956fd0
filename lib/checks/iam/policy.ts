import type { IamAuthorizationDetails, IamUserDetail, PolicyDocument, PolicyStatement } from "@/lib/aws/iam/types";
import { allowsAnywhere, allowsOnFamily, conditionVerdict, coversAction, coversWholeFamily } from "../policy-matcher";

// Pure helpers over the IAM inventory shared by the identity checks.

export const DAY_MS = 86_400_000;

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const AWS_MANAGED_ADMIN = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/;
export const AWS_SUPPORT_ACCESS = /^arn:[^:]+:iam::aws:policy\/AWSSupportAccess$/;

export { actionMatches } from "../policy-matcher";

/** Who and where a policy is evaluated for: the account its ARN patterns must match. */
export type PolicyOwner = { partition: string; accountId: string };

const DEFAULT_OWNER: PolicyOwner = { partition: "aws", accountId: "000000000000" };
const iamPrefix = (o: PolicyOwner, kind: string) => `arn:${o.partition}:iam::${o.accountId}:${kind}/`;

/**
 * An Allow statement granting every action on every resource: Action "*" (or a NotAction that
 * still leaves every service), Resource "*" or a pattern naming every ARN; conditions that tie it to
 * particular targets make it narrower.
 */
export function isFullAdminStatement(s: PolicyStatement, owner: PolicyOwner = DEFAULT_OWNER): boolean {
  if (s.effect !== "Allow") return false;
  const everyAction = ["iam:PutUserPolicy", "s3:GetObject", "ec2:RunInstances", "zzz:AnyAction"];
  if (!everyAction.every((a) => coversAction(s, a))) return false;
  const prefixes = [
    iamPrefix(owner, "user"),
    `arn:${owner.partition}:s3:::`,
    `arn:${owner.partition}:ec2:us-east-1:${owner.accountId}:`,
    `arn:${owner.partition}:zzz:us-east-1:${owner.accountId}:`,
  ];
  if (!prefixes.every((p) => coversWholeFamily(s, p))) return false;
  const v = conditionVerdict(s);
  return v === "met" || v === "free";
}

export function isFullAdminDocument(doc: NonNullable<PolicyDocument>, owner: PolicyOwner = DEFAULT_OWNER): boolean {
  return doc.statements.some((s) => isFullAdminStatement(s, owner));
}

// Each escalation: the action and the kind of IAM resource a broad grant of it reaches.
const SINGLE_ESCALATIONS: [string, string][] = [
  ["iam:CreatePolicyVersion", "policy"],
  ["iam:SetDefaultPolicyVersion", "policy"],
  ["iam:AttachUserPolicy", "user"],
  ["iam:AttachGroupPolicy", "group"],
  ["iam:AttachRolePolicy", "role"],
  ["iam:PutUserPolicy", "user"],
  ["iam:PutGroupPolicy", "group"],
  ["iam:PutRolePolicy", "role"],
  ["iam:CreateAccessKey", "user"],
  ["iam:CreateLoginProfile", "user"],
  ["iam:UpdateLoginProfile", "user"],
  ["iam:UpdateAssumeRolePolicy", "role"],
  ["iam:AddUserToGroup", "group"],
  ["sts:AssumeRole", "role"],
];
// iam:PassRole only escalates together with a service that runs code as the passed role; that
// service's own resource (an instance, a function, a stack) can be any, so any grant of it counts.
const PASS_ROLE_TARGETS: [string, string][] = [
  ["ec2:RunInstances", "ec2.amazonaws.com"],
  ["lambda:CreateFunction", "lambda.amazonaws.com"],
  ["cloudformation:CreateStack", "cloudformation.amazonaws.com"],
];

/**
 * The escalation paths a document opens over many or all of the account's IAM users, groups, roles
 * or policies, e.g. "iam:AttachUserPolicy" or "iam:PassRole + ec2:RunInstances".
 */
export function escalationPaths(doc: NonNullable<PolicyDocument>, owner: PolicyOwner = DEFAULT_OWNER): string[] {
  const st = doc.statements;
  const paths = SINGLE_ESCALATIONS.filter(([a, kind]) => allowsOnFamily(st, a, iamPrefix(owner, kind))).map(([a]) => a);
  for (const [target, service] of PASS_ROLE_TARGETS) {
    const ctx = { "iam:PassedToService": [service] };
    if (!allowsOnFamily(st, "iam:PassRole", iamPrefix(owner, "role"), ctx)) continue;
    if (allowsAnywhere(st, target)) paths.push(`iam:PassRole + ${target}`);
  }
  return paths;
}

export type AdminGrant = {
  /** "user" for a policy on the user itself, or the name of the group that carries it. */
  via: "user" | `group:${string}`;
  policy: string;
  policyType: "aws-managed" | "customer-managed" | "inline";
};

export type AdminAccess = {
  grants: AdminGrant[];
  /** Policies whose document could not be read. */ unreadable: string[];
};

/** Every way a user gets administrator access: AdministratorAccess or a "*" on "*" policy, on the user or a group. */
export function adminAccessOf(
  user: IamUserDetail,
  details: IamAuthorizationDetails,
  owner: PolicyOwner = DEFAULT_OWNER,
): AdminAccess {
  const byArn = new Map(details.policies.map((p) => [p.arn, p]));
  const groups = new Map(details.groups.map((g) => [g.name, g]));
  const out: AdminAccess = { grants: [], unreadable: [] };
  const holders = [
    { via: "user" as const, principal: user },
    ...user.groups.flatMap((name) => {
      const g = groups.get(name);
      if (!g) out.unreadable.push(`group:${name}`);
      return g ? [{ via: `group:${name}` as const, principal: g }] : [];
    }),
  ];
  for (const { via, principal } of holders) {
    for (const ref of principal.attachedPolicies) {
      if (AWS_MANAGED_ADMIN.test(ref.arn)) {
        out.grants.push({ via, policy: ref.arn, policyType: "aws-managed" });
        continue;
      }
      if (/^arn:[^:]+:iam::aws:policy\//.test(ref.arn)) continue;
      const doc = byArn.get(ref.arn)?.document;
      if (!doc) out.unreadable.push(ref.arn);
      else if (isFullAdminDocument(doc, owner))
        out.grants.push({ via, policy: ref.arn, policyType: "customer-managed" });
    }
    for (const p of principal.inlinePolicies) {
      if (!p.document) out.unreadable.push(`${principal.arn}:inline/${p.name}`);
      else if (isFullAdminDocument(p.document, owner)) out.grants.push({ via, policy: p.name, policyType: "inline" });
    }
  }
  return out;
}
