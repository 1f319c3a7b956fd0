import { accessanalyzerReaders } from "./accessanalyzer/readers";
import { accountReaders } from "./account/readers";
import { billingReaders } from "./billing/readers";
import { sesReaders } from "./ses/readers";
import { cloudtrailReaders } from "./cloudtrail/readers";
import { configReaders } from "./config/readers";
import { ec2Readers } from "./ec2/readers";
import { ecrReaders } from "./ecr/readers";
import { ecsReaders } from "./ecs/readers";
import { efsReaders } from "./efs/readers";
import { elbv2Readers } from "./elbv2/readers";
import { guarddutyReaders } from "./guardduty/readers";
import { iamReaders } from "./iam/readers";
import type { InventoryReader } from "./inventory";
import { kmsReaders } from "./kms/readers";
import { rdsReaders } from "./rds/readers";
import { s3Readers } from "./s3/readers";
import { securityhubReaders } from "./securityhub/readers";

/** Every inventory reader, one per key; a new service adds its folder's readers here. */
export const inventoryReaders: readonly InventoryReader[] = [
  ...iamReaders,
  ...accountReaders,
  ...accessanalyzerReaders,
  ...s3Readers,
  ...cloudtrailReaders,
  ...billingReaders,
  ...sesReaders,
  ...configReaders,
  ...guarddutyReaders,
  ...securityhubReaders,
  ...kmsReaders,
  ...ec2Readers,
  ...rdsReaders,
  ...ecsReaders,
  ...ecrReaders,
  ...elbv2Readers,
  ...efsReaders,
];
