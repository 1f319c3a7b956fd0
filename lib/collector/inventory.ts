import type { InventoryReader } from "@/lib/aws/inventory";
import { inventoryReaders } from "@/lib/aws/readers";
import type { CheckMeta } from "@/lib/checks/types";

/** Only what some enabled check needs is collected. */
export function collectorsFor(
  scope: "global" | "regional",
  checks: readonly Pick<CheckMeta, "requires">[],
  all: readonly InventoryReader[] = inventoryReaders,
): InventoryReader[] {
  const needed = new Set(checks.flatMap((c) => c.requires));
  return all.filter((c) => c.scope === scope && needed.has(c.key));
}
