import type { Check, OrgCheck } from "../types";
import kmsCmkRotationOff from "./kms-cmk-rotation-off";

/** The KMS checks: one file each, its tests beside it. */
export const kmsChecks: readonly (Check | OrgCheck)[] = [kmsCmkRotationOff];
