import type { Check, OrgCheck } from "../types";
import ecrScanOnPushOff from "./ecr-scan-on-push-off";

/** The ECR checks: one file each, its tests beside it. */
export const ecrChecks: readonly (Check | OrgCheck)[] = [ecrScanOnPushOff];
