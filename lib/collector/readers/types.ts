import type { GlobalInventory, InventoryKey, RegionalInventory } from "@/lib/aws/types";
import type { AccountClients } from "@/lib/aws/factory";

export type CollectContext = {
  clients: AccountClients;
  accountId: string;
  region: string;
  homeRegion: string;
  signal: AbortSignal;
};

type Inventory = GlobalInventory & RegionalInventory;

/** Reads one inventory key, for the account's global unit or for one region. */
export type InventoryCollector = {
  [K in InventoryKey]: {
    key: K;
    scope: "global" | "regional";
    collect: (ctx: CollectContext) => Promise<NonNullable<Inventory[K]>>;
  };
}[InventoryKey];
