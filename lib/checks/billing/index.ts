import type { Check, OrgCheck } from "../types";
import billingAlarmOrBudgetMissing from "./billing-alarm-or-budget-missing";

/** The billing checks: one file each, its tests beside it. */
export const billingChecks: readonly (Check | OrgCheck)[] = [billingAlarmOrBudgetMissing];
