import type { Check, OrgCheck } from "../types";
import configRecorderOff from "./config-recorder-off";

/** The AWS Config checks: one file each, its tests beside it. */
export const configChecks: readonly (Check | OrgCheck)[] = [configRecorderOff];
