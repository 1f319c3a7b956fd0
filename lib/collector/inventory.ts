import { STORED_WITH, type InventoryKey, type InventoryReader } from "@/lib/aws/inventory";
import { inventoryReaders } from "@/lib/aws/readers";
import type { CheckMeta } from "@/lib/checks/types";

/** Only what some enabled check requires (or reads when it can) is collected, with what is stored beside it. */
export function collectorsFor(
  scope: "global" | "regional",
  checks: readonly (Pick<CheckMeta, "requires"> & { optional?: readonly InventoryKey[] })[],
  all: readonly InventoryReader[] = inventoryReaders,
): InventoryReader[] {
  const needed = new Set(checks.flatMap((c) => [...c.requires, ...(c.optional ?? [])]));
  for (const key of [...needed]) for (const extra of STORED_WITH[key] ?? []) needed.add(extra);
  return all.filter((c) => c.scope === scope && needed.has(c.key));
}
