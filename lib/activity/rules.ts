import { z } from "zod";
import type { TrailEvent } from "@/lib/domain/activity";
import { severities, type Severity } from "@/lib/domain/vocabulary";

/** What a rule sees beside the event: the organization's unused regions and SES callers seen before. */
export type RuleContext = {
  unusedRegions: ReadonlySet<string>;
  /** Principal ARNs and user agents that called SES in this account before this watch. */
  knownSesCallers: ReadonlySet<string>;
};

export type ActivityRule = {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  /** The management events the watch looks up for this rule (LookupEvents by EventName), or by source. */
  lookup: { eventNames?: readonly string[]; eventSource?: string; username?: string };
  /** Whether the event trips the rule, and why in a few words. */
  match: (e: TrailEvent, ctx: RuleContext) => string | null;
};

const text = (v: unknown) => JSON.stringify(v ?? "");
const WORLD = /"(0\.0\.0\.0\/0|::\/0)"/;
const PUBLIC_GRANTEE = /AllUsers|AuthenticatedUsers/;
const ANY_PRINCIPAL = /"Principal"\s*:\s*(\{\s*"AWS"\s*:\s*)?"\*"|\\"Principal\\":\s*(\{\\"AWS\\":\s*)?\\"\*\\"/;
const SES_CALLS = [
  "ListIdentities",
  "GetSendQuota",
  "GetAccount",
  "GetAccountSendingEnabled",
  "SendEmail",
  "SendRawEmail",
  "SendBulkTemplatedEmail",
  "UpdateAccountSendingEnabled",
  "PutAccountDetails",
  "CreateEmailIdentity",
  "VerifyEmailIdentity",
  "VerifyDomainIdentity",
];

export const activityRules: ActivityRule[] = [
  {
    id: "cloudtrail_trail_tampered",
    title: "A CloudTrail trail was stopped, deleted or changed",
    severity: "high",
    description: "Attackers stop or redirect logging first. Unless a change was planned, treat it as an incident.",
    lookup: { eventNames: ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"] },
    match: (e) => (e.source.startsWith("cloudtrail.") && !e.errorCode ? `${e.name}` : null),
  },
  {
    id: "guardduty_detector_disabled",
    title: "A GuardDuty detector was deleted or suspended",
    severity: "high",
    description: "Turning GuardDuty off blinds threat detection in that region.",
    lookup: { eventNames: ["DeleteDetector", "UpdateDetector", "DisassociateFromMasterAccount"] },
    match: (e) => {
      if (!e.source.startsWith("guardduty.") || e.errorCode) return null;
      if (e.name === "UpdateDetector") return e.requestParameters?.enable === false ? "detector suspended" : null;
      return e.name;
    },
  },
  {
    id: "root_user_activity",
    title: "The root user signed in or called an API",
    severity: "critical",
    description: "Root cannot be limited by IAM; every use of it should be planned and known.",
    lookup: { username: "root" },
    match: (e) =>
      e.principalType === "Root" && e.source !== "signin.amazonaws.com"
        ? `root called ${e.name}`
        : e.principalType === "Root"
          ? "root console sign-in"
          : null,
  },
  {
    id: "iam_credentials_created",
    title: "A new IAM user, access key or console password",
    severity: "medium",
    description: "New long-term credentials are how an intruder keeps access after the first key is revoked.",
    lookup: { eventNames: ["CreateUser", "CreateAccessKey", "CreateLoginProfile"] },
    match: (e) => (e.source.startsWith("iam.") && !e.errorCode ? e.name : null),
  },
  {
    id: "iam_admin_policy_attached",
    title: "An administrator policy was attached",
    severity: "high",
    description: "AdministratorAccess attached to a user, group or role grants every action on every resource.",
    lookup: { eventNames: ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"] },
    match: (e) =>
      e.source.startsWith("iam.") &&
      !e.errorCode &&
      /:policy\/AdministratorAccess$/.test(String(e.requestParameters?.policyArn ?? ""))
        ? `${e.name} AdministratorAccess`
        : null,
  },
  {
    id: "s3_bucket_made_public",
    title: "A bucket policy or ACL was made public",
    severity: "high",
    description: "A policy allowing any principal, a public ACL, or a removed public access block exposes the bucket.",
    lookup: {
      eventNames: ["PutBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"],
    },
    match: (e) => {
      if (!e.source.startsWith("s3.") || e.errorCode) return null;
      const params = text(e.requestParameters);
      if (e.name === "PutBucketPolicy" && ANY_PRINCIPAL.test(params)) return "policy allows any principal";
      if (e.name === "PutBucketAcl" && PUBLIC_GRANTEE.test(params)) return "ACL grants everyone";
      if (e.name === "DeleteBucketPublicAccessBlock") return "public access block removed";
      if (e.name === "PutBucketPublicAccessBlock" && /"(BlockPublicPolicy|RestrictPublicBuckets)":false/.test(params))
        return "public access block loosened";
      return null;
    },
  },
  {
    id: "ec2_security_group_opened_to_world",
    title: "A security group was opened to the internet",
    severity: "high",
    description: "An ingress rule from 0.0.0.0/0 or ::/0 exposes whatever listens behind it.",
    lookup: { eventNames: ["AuthorizeSecurityGroupIngress", "ModifySecurityGroupRules"] },
    match: (e) =>
      e.source.startsWith("ec2.") && !e.errorCode && WORLD.test(text(e.requestParameters))
        ? "ingress from 0.0.0.0/0 or ::/0"
        : null,
  },
  {
    id: "ses_new_caller",
    title: "SES called by a principal or user agent not seen before",
    severity: "high",
    description:
      "A leaked key is tested on SES (ListIdentities, GetSendQuota, GetAccount) before mass sending; a caller new to SES is worth a look.",
    lookup: { eventSource: "ses.amazonaws.com" },
    match: (e, ctx) => {
      if (!e.source.startsWith("ses.") && !e.source.startsWith("email.")) return null;
      if (!SES_CALLS.includes(e.name)) return null;
      const newPrincipal = e.principalArn && !ctx.knownSesCallers.has(e.principalArn);
      const newAgent = e.userAgent && !ctx.knownSesCallers.has(e.userAgent);
      return newPrincipal ? "principal new to SES" : newAgent ? "user agent new to SES" : null;
    },
  },
  {
    id: "activity_in_unused_region",
    title: "API activity in a region the organization does not use",
    severity: "high",
    description: "Intruders start instances where nobody looks; any call there deserves an explanation.",
    lookup: {},
    match: (e, ctx) =>
      ctx.unusedRegions.has(e.region) && e.principalType !== "AWSService" ? `${e.name} in ${e.region}` : null,
  },
];

export type RuleSettings = Record<string, { enabled: boolean; severity?: Severity }>;

/** Which rules run and at which severity; a rule left out keeps its default (on, at its own severity). */
const ruleSetting = z.strictObject({
  enabled: z.boolean("must be true or false"),
  severity: z.enum(severities, "must be critical, high, medium, low or informational").optional(),
});
export const activityRuleSettingsSchema = z.strictObject(
  Object.fromEntries(activityRules.map((r) => [r.id, ruleSetting.optional()])) as Record<
    string,
    z.ZodOptional<typeof ruleSetting>
  >,
);

/** Every rule with the enabled state and severity the settings give it. */
export function resolveRuleSettings(settings: RuleSettings) {
  return activityRules.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    defaultSeverity: r.severity,
    enabled: settings[r.id]?.enabled ?? true,
    severity: settings[r.id]?.severity ?? r.severity,
  }));
}
export type ResolvedRule = ReturnType<typeof resolveRuleSettings>[number];

export type RiskyHit = { rule: ActivityRule; severity: Severity; event: TrailEvent; why: string };

/** Every enabled rule's hits among the events, with the severity the settings give it. */
export function evaluateActivity(
  events: readonly TrailEvent[],
  ctx: RuleContext,
  settings: RuleSettings = {},
): RiskyHit[] {
  const hits: RiskyHit[] = [];
  for (const rule of activityRules) {
    const s = settings[rule.id];
    if (s && !s.enabled) continue;
    const names = rule.lookup.eventNames;
    for (const event of events) {
      if (names && !names.includes(event.name)) continue;
      const why = rule.match(event, ctx);
      if (why) hits.push({ rule, severity: s?.severity ?? rule.severity, event, why });
    }
  }
  return hits;
}

/** The evidence a risky-activity finding carries: the event, as responders read it. */
export function eventEvidence(e: TrailEvent, why: string): Record<string, unknown> {
  return {
    why,
    eventId: e.id,
    time: e.time.toISOString(),
    action: `${e.source.replace(".amazonaws.com", "")}:${e.name}`,
    region: e.region,
    userName: e.userName,
    principalArn: e.principalArn,
    accessKeyId: e.accessKeyId,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    errorCode: e.errorCode,
  };
}
