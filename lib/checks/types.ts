import type { CheckScope, Severity } from "@/lib/db/enums";
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
  status: ResultStatus;
  /** The fields that made the check fail (or pass), as collected. */
  evidence: Record<string, unknown>;
};

export type CheckContext = {
  accountId: string;
  /** An AWS region, or "global" for global checks. */
  region: string;
  partition: string;
  inventory: GlobalInventory & RegionalInventory;
};

export type Check = CheckMeta & { evaluate: (ctx: CheckContext) => CheckResult[] };

export function defineCheck(check: Check): Check {
  return check;
}
