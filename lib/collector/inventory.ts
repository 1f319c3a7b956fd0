import type { InventoryKey, InventoryReader } from "@/lib/aws/inventory";
import { inventoryReaders } from "@/lib/aws/readers";
import type { CheckMeta } from "@/lib/checks/types";

/** Only what some enabled check requires (or reads when it can) is collected. */
export function collectorsFor(
  scope: "global" | "regional",
  checks: readonly (Pick<CheckMeta, "requires"> & { optional?: readonly InventoryKey[] })[],
  all: readonly InventoryReader[] = inventoryReaders,
): InventoryReader[] {
  const needed = new Set(checks.flatMap((c) => [...c.requires, ...(c.optional ?? [])]));
  return all.filter((c) => c.scope === scope && needed.has(c.key));
}
