import type { Check, OrgCheck } from "../../types";
import s3AccountBlockPublicAccessOff from "./s3-account-block-public-access-off";

/** The storage-logging checks: one file each, its tests beside it. */
export const storageLoggingChecks: readonly (Check | OrgCheck)[] = [s3AccountBlockPublicAccessOff];
