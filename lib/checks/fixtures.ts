import type { CollectedInventory } from "@/lib/aws/inventory";
import { defaultCheckSettings } from "./settings";
import type { UnitScope } from "./types";

export const ACCOUNT = "111122223333";

/** A check context for fixtures: account 111122223333, default settings unless given. */
export function ctx<I extends CollectedInventory>(
  inventory: I,
  region = "global",
  overrides: Partial<Omit<UnitScope, "region">> = {},
): UnitScope & { inventory: I } {
  return {
    accountId: ACCOUNT,
    region,
    partition: "aws",
    environment: "dev",
    settings: defaultCheckSettings,
    inventory,
    ...overrides,
  };
}
