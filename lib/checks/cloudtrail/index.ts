import type { Check, OrgCheck } from "../types";
import cloudtrailNotMultiRegion from "./cloudtrail-not-multi-region";
import cloudtrailNotToCentralBucket from "./cloudtrail-not-to-central-bucket";
import cloudtrailValidationOrKmsOff from "./cloudtrail-validation-or-kms-off";
import cloudtrailS3ObjectWriteLoggingOff from "./cloudtrail-s3-object-write-logging-off";
import cloudtrailS3ObjectReadLoggingOff from "./cloudtrail-s3-object-read-logging-off";

/** The CloudTrail checks: one file each, its tests beside it. */
export const cloudtrailChecks: readonly (Check | OrgCheck)[] = [
  cloudtrailNotMultiRegion,
  cloudtrailNotToCentralBucket,
  cloudtrailValidationOrKmsOff,
  cloudtrailS3ObjectWriteLoggingOff,
  cloudtrailS3ObjectReadLoggingOff,
];
