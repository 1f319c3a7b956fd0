import type { Check, OrgCheck } from "../types";
import securityhubDisabled from "./securityhub-disabled";

/** The Security Hub checks: one file each, its tests beside it. */
export const securityhubChecks: readonly (Check | OrgCheck)[] = [securityhubDisabled];
