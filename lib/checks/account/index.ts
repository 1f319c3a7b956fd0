import type { Check, OrgCheck } from "../types";
import accountContactsMissing from "./account-contacts-missing";

/** The account checks: one file each, its tests beside it. */
export const accountChecks: readonly (Check | OrgCheck)[] = [accountContactsMissing];
