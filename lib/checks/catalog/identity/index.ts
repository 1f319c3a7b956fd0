import type { Check, OrgCheck } from "../../types";
import iamRootAccessKeyPresent from "./iam-root-access-key-present";
import iamRootMfaDisabled from "./iam-root-mfa-disabled";

/** The identity checks: one file each, its tests beside it. */
export const identityChecks: readonly (Check | OrgCheck)[] = [iamRootAccessKeyPresent, iamRootMfaDisabled];
