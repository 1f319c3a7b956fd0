import type { CheckMeta } from "@/lib/checks/types";
import { dataContainerReaders } from "./readers/data-containers";
import { identityReaders } from "./readers/identity";
import { networkReaders } from "./readers/network";
import { storageLoggingReaders } from "./readers/storage-logging";
import type { InventoryCollector } from "./readers/types";

export type { CollectContext, InventoryCollector } from "./readers/types";

/** Every inventory reader, by the key checks ask for. */
export const inventoryCollectors: readonly InventoryCollector[] = [
  ...identityReaders,
  ...networkReaders,
  ...storageLoggingReaders,
  ...dataContainerReaders,
];

/** Only what some enabled check needs is collected. */
export function collectorsFor(
  scope: "global" | "regional",
  checks: readonly Pick<CheckMeta, "requires">[],
  all = inventoryCollectors,
): InventoryCollector[] {
  const needed = new Set(checks.flatMap((c) => c.requires));
  return all.filter((c) => c.scope === scope && needed.has(c.key));
}
