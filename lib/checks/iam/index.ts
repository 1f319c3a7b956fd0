import type { Check, OrgCheck } from "../types";
import iamAccessKeyOlderThan90d from "./iam-access-key-older-than-90d";
import iamAdminUserCountHigh from "./iam-admin-user-count-high";
import iamConsoleUserWithoutMfa from "./iam-console-user-without-mfa";
import iamCredentialsUnused45d from "./iam-credentials-unused-45d";
import iamPasswordPolicyWeak from "./iam-password-policy-weak";
import iamPolicyFullAdminStar from "./iam-policy-full-admin-star";
import iamPolicyPrivilegeEscalation from "./iam-policy-privilege-escalation";
import iamRootAccessKeyPresent from "./iam-root-access-key-present";
import iamRootMfaDisabled from "./iam-root-mfa-disabled";
import iamRootRecentlyUsed from "./iam-root-recently-used";
import iamSupportRoleMissing from "./iam-support-role-missing";
import iamUserHasAdminPolicy from "./iam-user-has-admin-policy";
import iamUserMultipleActiveKeys from "./iam-user-multiple-active-keys";
import iamServerCertificateExpired from "./iam-server-certificate-expired";
import iamUserDirectPolicies from "./iam-user-direct-policies";

/** The IAM checks: one file each, its tests beside it. */
export const iamChecks: readonly (Check | OrgCheck)[] = [
  iamRootAccessKeyPresent,
  iamRootMfaDisabled,
  iamRootRecentlyUsed,
  iamConsoleUserWithoutMfa,
  iamAdminUserCountHigh,
  iamUserHasAdminPolicy,
  iamAccessKeyOlderThan90d,
  iamCredentialsUnused45d,
  iamUserMultipleActiveKeys,
  iamPasswordPolicyWeak,
  iamPolicyFullAdminStar,
  iamPolicyPrivilegeEscalation,
  iamSupportRoleMissing,
  iamServerCertificateExpired,
  iamUserDirectPolicies,
];
