import type { CheckScope, Environment, Severity } from "@/lib/domain/vocabulary";
import type {
  CollectedInventory,
  GlobalInventory,
  GlobalKey,
  Inventory,
  InventoryKey,
  RegionalInventory,
  RegionalKey,
} from "@/lib/aws/inventory";
import type { CheckSettings } from "./settings";

export type FrameworkRef = { framework: string; control: string };

export type CheckMeta<K extends InventoryKey = InventoryKey> = {
  id: string;
  title: string;
  /** The risk in plain words. */
  description: string;
  severity: Severity;
  service: string;
  scope: CheckScope;
  frameworks: FrameworkRef[];
  remediation: { steps: string[]; cli?: string; terraform?: string };
  /** Inventory the check reads: its evaluate receives exactly these keys, and runs only when all were read. */
  requires: readonly K[];
};

export type ResultStatus = "pass" | "fail" | "not_applicable";

export type CheckResult = {
  resourceId: string;
  resourceType: string;
  status: ResultStatus;
  /** The fields that made the check fail (or pass), as collected. */
  evidence: Record<string, unknown>;
};

/** Where and under which settings a unit's checks run. */
export type UnitScope = {
  accountId: string;
  /** An AWS region, or "global" for global checks. */
  region: string;
  partition: string;
  environment: Environment;
  settings: CheckSettings;
};

/** What an account-scoped check receives: every key it requires, read, and the optional ones that were. */
export type CheckContext<K extends InventoryKey = InventoryKey, O extends InventoryKey = never> = UnitScope & {
  inventory: Pick<Inventory, K> & Partial<Pick<Inventory, O>>;
};

/** A unit as collected: a key is absent when it could not be read. */
export type UnitContext = UnitScope & { inventory: CollectedInventory };

/** Account-scoped checks ("global" or "regional"): evaluated per unit. */
export type Check<K extends InventoryKey = InventoryKey, O extends InventoryKey = InventoryKey> = CheckMeta<K> & {
  scope: "global" | "regional";
  /** Inventory read when the unit has it, not needed to evaluate (its absence must not fail anything). */
  optional?: readonly O[];
  evaluate: (ctx: CheckContext<K, O>) => CheckResult[];
};

/** One account's inventory, as an organization-wide check declared it. */
export type OrgAccountInventory<K extends InventoryKey = InventoryKey> = {
  accountId: string;
  environment: Environment;
  /** The declared global keys; null when some of them could not be read. */
  global: Pick<GlobalInventory, Extract<K, GlobalKey>> | null;
  /** Region → the declared regional keys; null where some of them could not be read. */
  regions: Record<string, Pick<RegionalInventory, Extract<K, RegionalKey>> | null>;
};

/** What an organization-wide check sees: every collected account's inventory. */
export type OrgCheckContext<K extends InventoryKey = InventoryKey> = {
  partition: string;
  settings: CheckSettings;
  accounts: OrgAccountInventory<K>[];
};

/** Every account's units as collected (a key is absent where it could not be read). */
export type CollectedOrganization = {
  partition: string;
  settings: CheckSettings;
  accounts: {
    accountId: string;
    environment: Environment;
    global: Partial<GlobalInventory>;
    regions: Record<string, Partial<RegionalInventory>>;
  }[];
};

/** A result of an organization-wide check names the account (and region) it belongs to. */
export type OrgCheckResult = CheckResult & { accountId: string; region: string };

/** Organization-wide checks (colliding CIDRs, trails landing in the central bucket). */
export type OrgCheck<K extends InventoryKey = InventoryKey> = CheckMeta<K> & {
  scope: "organization";
  evaluate: (ctx: OrgCheckContext<K>) => OrgCheckResult[];
};

/** Declares an account-scoped check; `requires` types what its evaluate receives. */
export function defineCheck<const K extends InventoryKey, const O extends InventoryKey = never>(
  check: Check<K, O>,
): Check<K, O> {
  return check;
}

/** Declares an organization-wide check; `requires` types what its evaluate receives. */
export function defineOrgCheck<const K extends InventoryKey>(check: OrgCheck<K>): OrgCheck<K> {
  return check;
}
