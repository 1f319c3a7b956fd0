// Enumerations shared by the server and the UI. Plain values only: safe to import from client code.

export const environments = ["prod", "staging", "dev", "other"] as const;
export type Environment = (typeof environments)[number];

export const accountStatuses = ["active", "suspended", "pending_closure", "closed"] as const;
export type AccountStatus = (typeof accountStatuses)[number];

/** How the account list was obtained; shown on the Accounts page. */
export const discoveryModes = ["organizations", "configured", "single", "demo"] as const;
export type DiscoveryMode = (typeof discoveryModes)[number];

export const runTriggers = ["schedule", "manual", "cli", "demo"] as const;
export type RunTrigger = (typeof runTriggers)[number];

export const runStatuses = ["queued", "running", "succeeded", "partial", "failed", "stuck", "cancelled"] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A unit is one account × region, plus one "global" unit per account. */
export const unitStatuses = ["pending", "running", "ok", "partial", "failed", "skipped", "cancelled"] as const;
export type UnitStatus = (typeof unitStatuses)[number];
export const GLOBAL_REGION = "global";

/** Why a unit did not end ok; stored in run_units.error_code. */
export const unitErrorCodes = [
  "AccessDenied",
  "RoleMissing",
  "RegionDisabled",
  "Throttled",
  "Timeout",
  "NotSubscribed",
  "Network",
  "Suspended",
  "Deadline",
  "Internal",
  /** No check settings in force (a bad settings file, invalid saved settings): nothing was collected. */
  "SettingsInvalid",
  /** Its run was given up: no worker reported and no job was left to retry. */
  "Abandoned",
  /** An admin cancelled its run. */
  "Cancelled",
] as const;
export type UnitErrorCode = (typeof unitErrorCodes)[number];

export const severities = ["critical", "high", "medium", "low", "informational"] as const;
export type Severity = (typeof severities)[number];

export const checkScopes = ["regional", "global", "organization"] as const;
export type CheckScope = (typeof checkScopes)[number];

/** Lifecycle modelled on Security Hub's workflow status. */
export const findingStatuses = ["NEW", "ACKNOWLEDGED", "SUPPRESSED", "RESOLVED"] as const;
export type FindingStatus = (typeof findingStatuses)[number];
export const openFindingStatuses = ["NEW", "ACKNOWLEDGED"] as const satisfies readonly FindingStatus[];

/** Why a finding is suppressed; the free-text reason says more. */
export const suppressionKinds = ["accepted_risk", "false_positive", "compensating_control", "other"] as const;
export type SuppressionKind = (typeof suppressionKinds)[number];

export const findingEventKinds = ["status", "severity", "assignment", "comment"] as const;
export type FindingEventKind = (typeof findingEventKinds)[number];

export const roles = ["admin", "triager", "viewer"] as const;
export type Role = (typeof roles)[number];

export const roleSources = ["idp", "manual", "bootstrap"] as const;
export type RoleSource = (typeof roleSources)[number];

export const scopeKinds = ["account", "ou", "environment"] as const;
export type ScopeKind = (typeof scopeKinds)[number];

export const canaryStatuses = ["active", "tripped", "retired"] as const;
export type CanaryStatus = (typeof canaryStatuses)[number];

export const auditOutcomes = ["success", "denied", "error"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
