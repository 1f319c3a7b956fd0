import { accessanalyzerChecks } from "./accessanalyzer";
import { accountChecks } from "./account";
import { billingChecks } from "./billing";
import { sesChecks } from "./ses";
import { cloudtrailChecks } from "./cloudtrail";
import { configChecks } from "./config";
import { ec2Checks } from "./ec2";
import { ecrChecks } from "./ecr";
import { ecsChecks } from "./ecs";
import { efsChecks } from "./efs";
import { elbv2Checks } from "./elbv2";
import { guarddutyChecks } from "./guardduty";
import { iamChecks } from "./iam";
import { kmsChecks } from "./kms";
import { rdsChecks } from "./rds";
import { s3Checks } from "./s3";
import { securityhubChecks } from "./securityhub";
import type { Check, OrgCheck } from "./types";

/** Every check Posture runs. Adding a check: one file in its service's folder, listed in the folder's index. */
export const allChecks: readonly (Check | OrgCheck)[] = [
  ...iamChecks,
  ...accessanalyzerChecks,
  ...accountChecks,
  ...ec2Checks,
  ...s3Checks,
  ...cloudtrailChecks,
  ...configChecks,
  ...guarddutyChecks,
  ...securityhubChecks,
  ...kmsChecks,
  ...billingChecks,
  ...sesChecks,
  ...rdsChecks,
  ...ecsChecks,
  ...ecrChecks,
  ...elbv2Checks,
  ...efsChecks,
];

/** The checks evaluated per unit (account × region, or an account's global services). */
export const checks: readonly Check[] = allChecks.filter((c): c is Check => c.scope !== "organization");

/** The checks evaluated once per run over every account. */
export const orgChecks: readonly OrgCheck[] = allChecks.filter((c): c is OrgCheck => c.scope === "organization");
