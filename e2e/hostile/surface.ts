import { findingsFilter } from "../../lib/contracts/findings-filter";
import { severities } from "../../lib/domain/vocabulary";
import { NO_SUCH_FINDING, NO_SUCH_ID } from "../authz/matrix";

/** lib/activity/rules.ts's rule ids: the activity-rules setting's fields. */
const ACTIVITY_RULES = [
  "cloudtrail_trail_tampered",
  "guardduty_detector_disabled",
  "root_user_activity",
  "iam_credentials_created",
  "iam_admin_policy_attached",
  "s3_bucket_made_public",
  "ec2_security_group_opened_to_world",
  "ses_new_caller",
  "activity_in_unused_region",
];

/** A bulk action's target: a selection of ids, or the findings filter's fields. */
const FILTER_FIELDS = Object.keys(findingsFilter.shape);
const TARGET_FIELDS = ["target.ids", "target.filter", ...FILTER_FIELDS.map((f) => `target.filter.${f}`)];

/**
 * The parameters each route of app/ reads, by "METHOD /path" (path parameters come from the path):
 * exactly its zod schemas' fields, which lib/auth/hostile-surface.test.ts holds this list to.
 */
export type SurfaceEntry = {
  /** Query parameters the route reads. */
  query?: readonly string[];
  /** Body fields, nested ones dotted ("sensitiveDataTag.key"). */
  body?: readonly string[];
  /** A valid, harmless body each payload is put into, one field at a time. */
  base?: Record<string, unknown>;
  /** The body is one of several single-field shapes: a payload is sent alone, not merged into `base`. */
  exclusive?: boolean;
  /** next-auth's endpoints read forms. */
  form?: boolean;
  /** More samples of a path parameter to probe (next-auth's actions behind its catch-all). */
  variants?: Record<string, readonly string[]>;
  /** Values never sent to a field: accepted, they would end sessions other tests use. */
  never?: Record<string, readonly unknown[]>;
};

/** The shared findings filter's fields (lib/contracts/findings-filter.ts). */
const findingsFilterFields = [
  "account",
  "environment",
  "ou",
  "team",
  "region",
  "service",
  "check",
  "severity",
  "status",
  "assignee",
  "sla",
  "firstSeenFrom",
  "firstSeenTo",
  "lastSeenFrom",
  "lastSeenTo",
  "q",
];

export const surface: Record<string, SurfaceEntry> = {
  "GET /": {},
  "GET /accounts": {
    query: ["environment", "ou", "team", "status", "collection", "scoreMin", "scoreMax", "q", "sort", "dir"],
  },
  "GET /accounts/[id]": {},
  "GET /findings": { query: [...findingsFilterFields, "sort", "dir", "cursor", "limit", "view"] },
  "GET /findings/[id]": {},
  "GET /findings/mine": {},
  "GET /checks": {},
  "GET /compliance": { query: ["framework", "by"] },
  "GET /guardduty": {
    query: ["account", "environment", "team", "region", "severity", "type", "archived", "firstSeenFrom", "lastSeenTo"],
  },
  "GET /guardduty/findings/[accountId]/[region]/[id]": {},
  "GET /costs": { query: ["from", "to", "env", "account", "by", "team"] },
  "GET /trends": { query: ["level", "environment", "team", "account", "range"] },
  "GET /timeline": { query: ["account", "team", "environment", "kind", "from", "to", "before"] },
  "GET /changes": { query: ["from", "to", "account", "team", "environment"] },
  "GET /canaries": {},
  "GET /investigate": { query: ["q", "account", "region", "service", "failed"] },
  "GET /settings": {},
  "GET /runs": {},
  "GET /runs/[id]": {},
  "GET /settings/users": {},
  "GET /settings/audit": { query: ["action", "outcome", "actor", "since", "before"] },
  "GET /signin": { query: ["callbackUrl", "error", "reason"] },
  "GET /no-access": {},
  "GET /account/password": {},
  "GET /account/sessions": {},

  "GET /api/health": {},
  "GET /api/auth/[...nextauth]": {
    query: ["callbackUrl", "error", "code", "state"],
    variants: {
      nextauth: [
        "providers",
        "session",
        "csrf",
        "signin",
        "signin/corp",
        "callback/corp",
        "callback/local",
        "signout",
        "error",
        "_log",
      ],
    },
  },
  "POST /api/auth/[...nextauth]": {
    body: ["csrfToken", "callbackUrl", "username", "password", "json"],
    base: { username: "hostile-probe", password: "not a password", callbackUrl: "/" },
    form: true,
    variants: { nextauth: ["session", "callback/local", "signin/corp", "signout", "callback/corp", "_log"] },
  },
  "POST /api/account/password": {
    body: ["current", "next"],
    base: { current: "not the current password", next: "not a new password either" },
  },
  "POST /api/account/sessions": {
    body: ["sessionId", "others"],
    exclusive: true,
    never: { others: [true] },
  },
  "POST /api/account/sign-out": {},
  "GET /api/runs/[id]": {},
  "POST /api/runs/[id]/cancel": {},
  "POST /api/collections": {},
  "GET /api/collections/[jobId]": {},
  "PUT /api/settings/checks": {
    body: [
      "unusedRegions",
      "logArchiveBucket",
      "logArchiveAccountId",
      "onPremisesCidrs",
      "overlapIncludesDefaultVpcs",
      "adminUserThreshold",
      "prodSeverityRaise",
      "environmentTag",
      "sensitiveDataTag",
      "sensitiveDataTag.key",
      "sensitiveDataTag.values",
      "guardDutyRequiredFeatures",
    ],
    base: { sensitiveDataTag: { key: "DataClassification", values: ["pii"] } },
  },
  "DELETE /api/settings/checks": {},
  "POST /api/suppression-rules": {
    body: ["checkId", "resourcePattern", "accountId", "ouId", "environment", "tagKey", "tagValue", "reason", "kind"],
    base: { checkId: "no_such_check", reason: "hostile probe", kind: "other" },
  },
  "DELETE /api/suppression-rules/[id]": {},
  "PUT /api/settings/sla": {
    body: ["days", "prodDays", "maxSuppressionDays"].flatMap((k) => [k, ...severities.map((s) => `${k}.${s}`)]),
    base: {
      days: { critical: 7, high: 30, medium: 90, low: 180, informational: null },
      prodDays: { critical: null, high: null, medium: null, low: null, informational: null },
      maxSuppressionDays: { critical: 30, high: 90, medium: 180, low: 365, informational: null },
    },
  },
  "PUT /api/settings/activity-rules": {
    body: ACTIVITY_RULES.flatMap((r) => [r, `${r}.enabled`, `${r}.severity`]),
    base: { cloudtrail_trail_tampered: { enabled: true } },
  },
  "PUT /api/settings/retention": {
    body: ["runs", "resolvedFindings", "guardduty", "activity", "audit"],
    base: { runs: 180, resolvedFindings: 365, guardduty: 365, activity: 365, audit: 730 },
  },
  "POST /api/settings/retention/purge": {},
  "DELETE /api/demo": {},
  "GET /api/demo": {},
  "PATCH /api/users/[id]": { body: ["role", "disabled", "followIdp"], exclusive: true },
  "POST /api/users/[id]/revoke-sessions": {},
  "POST /api/teams": { body: ["name", "description", "idpGroup"], base: { name: "hostile probe" } },
  "PATCH /api/teams/[id]": { body: ["name", "description", "idpGroup"], base: { description: "unchanged" } },
  "DELETE /api/teams/[id]": {},
  "POST /api/teams/[id]/scopes": { body: ["kind", "value"], base: { kind: "environment", value: "prod" } },
  "DELETE /api/teams/[id]/scopes/[scopeId]": {},
  "POST /api/teams/[id]/members": { body: ["userId"], base: { userId: NO_SUCH_ID } },
  "DELETE /api/teams/[id]/members/[userId]": {},
  "GET /api/investigate/export": { query: ["q", "account", "region", "service", "failed"] },
  // Let in, it enqueues a lookup no worker takes (Postgres mode); embedded mode has no credentials: 422.
  "POST /api/investigate/lookups": { body: ["q", "days"], base: { q: "hostile-probe", days: 1 } },
  "GET /api/investigate/lookups/[id]": {},
  "POST /api/canaries": {
    body: [
      "accessKeyId",
      "label",
      "plantedIn",
      "system",
      "repository",
      "environment",
      "ownerAccountId",
      "iamUserName",
      "owner",
    ],
    base: {
      accessKeyId: "AKIAHOSTILEPROBE2345",
      label: "hostile probe",
      environment: "dev",
      ownerAccountId: "000000000000",
      iamUserName: "hostile-probe",
    },
  },
  "DELETE /api/canaries/[id]": {},
  "PUT /api/costs/incidents/[id]/verdict": { body: ["verdict", "note"], base: { verdict: "expected" } },
  "GET /api/audit/export": { query: ["action", "outcome", "actor", "since", "before"] },
  "GET /api/findings": { query: [...findingsFilterFields, "sort", "dir", "cursor", "limit"] },
  "GET /api/findings/export": { query: [...findingsFilterFields, "format", "sort", "dir"] },
  "POST /api/findings/[id]/actions": {
    body: ["action", "note", "assigneeId", "text", "reason", "kind", "until"],
    base: { action: "comment", text: "hostile probe" },
  },
  "POST /api/findings/bulk/count": {
    body: ["target", ...TARGET_FIELDS],
    base: { target: { ids: [NO_SUCH_FINDING] } },
  },
  "POST /api/findings/bulk": {
    body: [
      "target",
      ...TARGET_FIELDS,
      "action",
      ...["action", "note", "assigneeId", "text", "reason", "kind", "until"].map((f) => `action.${f}`),
      "after",
      "batchSize",
    ],
    base: { target: { ids: [NO_SUCH_FINDING] }, action: { action: "acknowledge" } },
  },
  "GET /api/compliance/export": { query: ["framework", "by"] },
};

/** The path parameters of a route as app/ spells it: "/teams/[id]/members/[userId]" → ["id", "userId"]. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\[{1,2}(?:\.{3})?([^\]]+)\]{1,2}/g)].map((m) => m[1]!);
}
