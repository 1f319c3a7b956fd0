import type { CheckScope, Environment, Severity } from "@/lib/domain/vocabulary";
import type { CheckSettings } from "./settings";
import type { GlobalInventory, InventoryKey, RegionalInventory } from "@/lib/aws/types";

export type FrameworkRef = { framework: string; control: string };

export type CheckMeta = {
  id: string;
  title: string;
  /** The risk in plain words. */
  description: string;
  severity: Severity;
  service: string;
  scope: CheckScope;
  frameworks: FrameworkRef[];
  remediation: { steps: string[]; cli?: string; terraform?: string };
  /** Inventory the check reads. It is evaluated only when every key was collected. */
  requires: InventoryKey[];
};

export type ResultStatus = "pass" | "fail" | "not_applicable";

export type CheckResult = {
  resourceId: string;
  resourceType: string;
  /** Where the resource lives, when a global unit's check sees regional resources (S3 buckets). */
  region?: string;
  status: ResultStatus;
  /** The fields that made the check fail (or pass), as collected. */
  evidence: Record<string, unknown>;
};

export type CheckContext = {
  accountId: string;
  /** An AWS region, or "global" for global checks. */
  region: string;
  partition: string;
  environment: Environment;
  settings: CheckSettings;
  inventory: GlobalInventory & RegionalInventory;
};

/** Account-scoped checks ("global" or "regional"): evaluated per unit. */
export type Check = CheckMeta & { scope: "global" | "regional"; evaluate: (ctx: CheckContext) => CheckResult[] };

/** What an organization-wide check sees: every collected account's inventory. */
export type OrgCheckContext = {
  partition: string;
  settings: CheckSettings;
  accounts: {
    accountId: string;
    environment: Environment;
    global: GlobalInventory;
    /** Region → that unit's inventory. */
    regions: Record<string, RegionalInventory>;
  }[];
};

/** A result of an organization-wide check names the account (and region) it belongs to. */
export type OrgCheckResult = CheckResult & { accountId: string; region: string };

/** Organization-wide checks (colliding CIDRs, trails landing in the central bucket). */
export type OrgCheck = CheckMeta & { scope: "organization"; evaluate: (ctx: OrgCheckContext) => OrgCheckResult[] };

export function defineCheck(check: Check): Check {
  return check;
}

export function defineOrgCheck(check: OrgCheck): OrgCheck {
  return check;
}
