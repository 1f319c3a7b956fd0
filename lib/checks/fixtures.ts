import type { CheckContext } from "./types";
import { defaultCheckSettings } from "./settings";

export const ACCOUNT = "111122223333";

/** A check context for fixtures: account 111122223333, default settings unless given. */
export function ctx(
  inventory: CheckContext["inventory"],
  region = "global",
  overrides: Partial<Omit<CheckContext, "inventory" | "region">> = {},
): CheckContext {
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
