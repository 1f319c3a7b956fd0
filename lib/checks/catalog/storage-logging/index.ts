import type { Check, OrgCheck } from "../../types";
import billingAlarmOrBudgetMissing from "./billing-alarm-or-budget-missing";
import cloudtrailNotMultiRegion from "./cloudtrail-not-multi-region";
import cloudtrailNotToCentralBucket from "./cloudtrail-not-to-central-bucket";
import cloudtrailValidationOrKmsOff from "./cloudtrail-validation-or-kms-off";
import configRecorderOff from "./config-recorder-off";
import guarddutyDisabledInRegion from "./guardduty-disabled-in-region";
import kmsCmkRotationOff from "./kms-cmk-rotation-off";
import s3AccountBlockPublicAccessOff from "./s3-account-block-public-access-off";
import s3BucketAclsEnabled from "./s3-bucket-acls-enabled";
import s3BucketHttpAllowed from "./s3-bucket-http-allowed";
import s3BucketNoKmsForSensitive from "./s3-bucket-no-kms-for-sensitive";
import s3BucketPublic from "./s3-bucket-public";
import s3BucketVersioningOff from "./s3-bucket-versioning-off";
import securityhubDisabled from "./securityhub-disabled";

/** The storage-logging checks: one file each, its tests beside it. */
export const storageLoggingChecks: readonly (Check | OrgCheck)[] = [
  s3AccountBlockPublicAccessOff,
  s3BucketPublic,
  s3BucketAclsEnabled,
  s3BucketNoKmsForSensitive,
  s3BucketVersioningOff,
  s3BucketHttpAllowed,
  cloudtrailNotMultiRegion,
  cloudtrailNotToCentralBucket,
  cloudtrailValidationOrKmsOff,
  configRecorderOff,
  guarddutyDisabledInRegion,
  securityhubDisabled,
  kmsCmkRotationOff,
  billingAlarmOrBudgetMissing,
];
