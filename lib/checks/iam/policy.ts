import type { IamAuthorizationDetails, IamUserDetail, PolicyDocument, PolicyStatement } from "@/lib/aws/iam/types";

// Pure helpers over the IAM inventory shared by the identity checks.

export const DAY_MS = 86_400_000;

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const AWS_MANAGED_ADMIN = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/;
export const AWS_SUPPORT_ACCESS = /^arn:[^:]+:iam::aws:policy\/AWSSupportAccess$/;

/** IAM action matching: case-insensitive, "*" and "?" wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return re.test(action);
}

/** Whether the statement's action list covers `action` (NotAction covers everything it does not name). */
function statementCovers(s: PolicyStatement, action: string): boolean {
  if (s.notActions) return !s.notActions.some((p) => actionMatches(p, action));
  return (s.actions ?? []).some((p) => actionMatches(p, action));
}

/** "*" resources; NotResource is treated as broad, since it grants everything it does not name. */
function onEveryResource(s: PolicyStatement): boolean {
  return s.notResources !== undefined || (s.resources ?? []).includes("*");
}

/** An Allow statement granting every action on every resource. */
export function isFullAdminStatement(s: PolicyStatement): boolean {
  return (
    s.effect === "Allow" && (s.actions ?? []).some((a) => a === "*" || a === "*:*") && (s.resources ?? []).includes("*")
  );
}

export function isFullAdminDocument(doc: NonNullable<PolicyDocument>): boolean {
  return doc.statements.some(isFullAdminStatement);
}

/**
 * Whether the document allows `action` on "*": some Allow statement covers it on every resource and
 * no unconditional Deny on every resource takes it away.
 */
export function allowsOnEveryResource(doc: NonNullable<PolicyDocument>, action: string): boolean {
  const allowed = doc.statements.some((s) => s.effect === "Allow" && onEveryResource(s) && statementCovers(s, action));
  if (!allowed) return false;
  const denied = doc.statements.some(
    (s) => s.effect === "Deny" && !s.conditional && (s.resources ?? []).includes("*") && statementCovers(s, action),
  );
  return !denied;
}

const SINGLE_ESCALATIONS = [
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:UpdateAssumeRolePolicy",
  "iam:AddUserToGroup",
  "sts:AssumeRole",
];
// iam:PassRole only escalates together with a service that runs code as the passed role.
const PASS_ROLE_TARGETS = ["ec2:RunInstances", "lambda:CreateFunction"];

/** The escalation paths a document opens on "*", e.g. "iam:AttachUserPolicy" or "iam:PassRole + ec2:RunInstances". */
export function escalationPaths(doc: NonNullable<PolicyDocument>): string[] {
  const paths = SINGLE_ESCALATIONS.filter((a) => allowsOnEveryResource(doc, a));
  if (allowsOnEveryResource(doc, "iam:PassRole")) {
    for (const target of PASS_ROLE_TARGETS)
      if (allowsOnEveryResource(doc, target)) paths.push(`iam:PassRole + ${target}`);
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
export function adminAccessOf(user: IamUserDetail, details: IamAuthorizationDetails): AdminAccess {
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
      else if (isFullAdminDocument(doc)) out.grants.push({ via, policy: ref.arn, policyType: "customer-managed" });
    }
    for (const p of principal.inlinePolicies) {
      if (!p.document) out.unreadable.push(`${principal.arn}:inline/${p.name}`);
      else if (isFullAdminDocument(p.document)) out.grants.push({ via, policy: p.name, policyType: "inline" });
    }
  }
  return out;
}
