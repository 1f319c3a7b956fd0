import type { AccountClients } from "./factory";
import type { GlobalInventory, InventoryKey, RegionalInventory } from "./types";

export type CollectContext = {
  clients: AccountClients;
  accountId: string;
  region: string;
  homeRegion: string;
  signal: AbortSignal;
};

type Inventory = GlobalInventory & RegionalInventory;

/** Reads one inventory key, for the account's global unit or for one region. */
export type InventoryReader = {
  [K in InventoryKey]: {
    key: K;
    scope: "global" | "regional";
    collect: (ctx: CollectContext) => Promise<NonNullable<Inventory[K]>>;
  };
}[InventoryKey];
