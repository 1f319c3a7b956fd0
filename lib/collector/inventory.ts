import { getIamAccountSummary } from "@/lib/aws/inventory/iam";
import { listSecurityGroups } from "@/lib/aws/inventory/ec2";
import { getS3AccountPublicAccessBlock } from "@/lib/aws/inventory/s3";
import type { GlobalInventory, InventoryKey, RegionalInventory } from "@/lib/aws/types";
import type { Check } from "@/lib/checks/types";
import type { AccountClients } from "./aws";

export type CollectContext = { clients: AccountClients; accountId: string; region: string; homeRegion: string; signal: AbortSignal };

export type InventoryCollector = {
  key: InventoryKey;
  scope: "global" | "regional";
  collect: (ctx: CollectContext) => Promise<GlobalInventory[keyof GlobalInventory] | RegionalInventory[keyof RegionalInventory]>;
};

/** Every inventory reader, by the key checks ask for. */
export const inventoryCollectors: readonly InventoryCollector[] = [
  { key: "iamAccountSummary", scope: "global", collect: ({ clients, signal }) => getIamAccountSummary(clients.iam(), signal) },
  {
    key: "s3AccountPublicAccessBlock",
    scope: "global",
    collect: ({ clients, accountId, signal }) => getS3AccountPublicAccessBlock(clients.s3control(), accountId, signal),
  },
  { key: "securityGroups", scope: "regional", collect: ({ clients, region, signal }) => listSecurityGroups(clients.ec2(region), signal) },
];

/** Only what some enabled check needs is collected. */
export function collectorsFor(scope: "global" | "regional", checks: readonly Check[], all = inventoryCollectors): InventoryCollector[] {
  const needed = new Set(checks.flatMap((c) => c.requires));
  return all.filter((c) => c.scope === scope && needed.has(c.key));
}
