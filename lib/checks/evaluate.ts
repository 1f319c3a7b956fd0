import { INVENTORY_SCOPE, type CollectedInventory, type Inventory, type InventoryKey } from "@/lib/aws/inventory";
import { GLOBAL_REGION } from "@/lib/domain/vocabulary";
import type {
  Check,
  CheckResult,
  CollectedOrganization,
  OrgAccountInventory,
  OrgCheck,
  OrgCheckContext,
  OrgCheckResult,
  UnitContext,
} from "./types";

/** Whether every key was read: the inventory then holds what a check requiring `keys` receives. */
export function hasInventory<K extends InventoryKey>(
  inventory: CollectedInventory,
  keys: readonly K[],
): inventory is CollectedInventory & Pick<Inventory, K> {
  return keys.every((k) => inventory[k] !== undefined);
}

/**
 * A check's results on one unit, or undefined when the unit did not read all it requires: an
 * unreadable inventory is never a pass.
 */
export function evaluateCheck(check: Check, ctx: UnitContext): CheckResult[] | undefined {
  const { inventory } = ctx;
  if (!hasInventory(inventory, check.requires)) return undefined;
  return check.evaluate({ ...ctx, inventory });
}

/** The results of each check whose inventory the unit read in full, in the order given. */
export function evaluateUnit(checks: readonly Check[], ctx: UnitContext): { check: Check; results: CheckResult[] }[] {
  return checks.flatMap((check) => {
    const results = evaluateCheck(check, ctx);
    return results ? [{ check, results }] : [];
  });
}

/**
 * What an organization-wide check sees of each account: only its declared keys, a unit that
 * missed one of them as null, so the check can tell "could not look" from "nothing there".
 */
export function orgContextFor<K extends InventoryKey>(
  check: Pick<OrgCheck<K>, "requires">,
  org: CollectedOrganization,
): OrgCheckContext<K> {
  const globalKeys = check.requires.filter((k) => INVENTORY_SCOPE[k] === "global");
  const regionalKeys = check.requires.filter((k) => INVENTORY_SCOPE[k] === "regional");
  const accounts = org.accounts.map((a): OrgAccountInventory<K> => ({
    accountId: a.accountId,
    environment: a.environment,
    global: hasInventory(a.global, globalKeys) ? a.global : null,
    regions: Object.fromEntries(
      Object.entries(a.regions).map(([region, inv]) => [region, hasInventory(inv, regionalKeys) ? inv : null]),
    ),
  }));
  return { partition: org.partition, settings: org.settings, accounts };
}

/**
 * Runs an organization-wide check, and says in which accounts and units it looked: where it read
 * every key it declares of that unit's kind, so its findings there may resolve.
 */
export function evaluateOrgCheck(
  check: OrgCheck,
  org: CollectedOrganization,
): { results: OrgCheckResult[]; evaluated: { accountId: string; region: string }[] } {
  const ctx = orgContextFor(check, org);
  const needsGlobal = check.requires.some((k) => INVENTORY_SCOPE[k] === "global");
  const needsRegional = check.requires.some((k) => INVENTORY_SCOPE[k] === "regional");
  const evaluated = ctx.accounts.flatMap((a) => [
    ...(needsGlobal && a.global ? [{ accountId: a.accountId, region: GLOBAL_REGION }] : []),
    ...(needsRegional
      ? Object.entries(a.regions)
          .filter(([, inv]) => inv !== null)
          .map(([region]) => ({ accountId: a.accountId, region }))
      : []),
  ]);
  return { results: check.evaluate(ctx), evaluated };
}
