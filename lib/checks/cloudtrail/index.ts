import type { Check, OrgCheck } from "../types";
import cloudtrailNotMultiRegion from "./cloudtrail-not-multi-region";
import cloudtrailNotToCentralBucket from "./cloudtrail-not-to-central-bucket";
import cloudtrailValidationOrKmsOff from "./cloudtrail-validation-or-kms-off";

/** The CloudTrail checks: one file each, its tests beside it. */
export const cloudtrailChecks: readonly (Check | OrgCheck)[] = [
  cloudtrailNotMultiRegion,
  cloudtrailNotToCentralBucket,
  cloudtrailValidationOrKmsOff,
];
