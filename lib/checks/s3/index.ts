import type { Check, OrgCheck } from "../types";
import s3AccountBlockPublicAccessOff from "./s3-account-block-public-access-off";
import s3BucketAclsEnabled from "./s3-bucket-acls-enabled";
import s3BucketHttpAllowed from "./s3-bucket-http-allowed";
import s3BucketNoKmsForSensitive from "./s3-bucket-no-kms-for-sensitive";
import s3BucketPublic from "./s3-bucket-public";
import s3BucketVersioningOff from "./s3-bucket-versioning-off";

/** The S3 checks: one file each, its tests beside it. */
export const s3Checks: readonly (Check | OrgCheck)[] = [
  s3AccountBlockPublicAccessOff,
  s3BucketPublic,
  s3BucketAclsEnabled,
  s3BucketNoKmsForSensitive,
  s3BucketVersioningOff,
  s3BucketHttpAllowed,
];
