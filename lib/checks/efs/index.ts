import type { Check, OrgCheck } from "../types";
import efsUnencrypted from "./efs-unencrypted";

/** The EFS checks: one file each, its tests beside it. */
export const efsChecks: readonly (Check | OrgCheck)[] = [efsUnencrypted];
