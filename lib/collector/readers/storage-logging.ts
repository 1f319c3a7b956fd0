import { BudgetsClient } from "@aws-sdk/client-budgets";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { listBillingAlarms, listBudgets } from "@/lib/aws/inventory/billing";
import { listCloudTrails } from "@/lib/aws/inventory/cloudtrail";
import { listConfigRecorders } from "@/lib/aws/inventory/config";
import { listGuardDutyDetectors } from "@/lib/aws/inventory/guardduty";
import { listKmsKeys } from "@/lib/aws/inventory/kms";
import { getS3AccountPublicAccessBlock, listS3Buckets } from "@/lib/aws/inventory/s3";
import { getSecurityHubStatus } from "@/lib/aws/inventory/securityhub";
import type { InventoryCollector } from "./types";

// AWS/Billing metrics are published only in us-east-1.
const BILLING_METRICS_REGION = "us-east-1";

export const storageLoggingReaders: InventoryCollector[] = [
  {
    key: "s3AccountPublicAccessBlock",
    scope: "global",
    collect: ({ clients, accountId, signal }) => getS3AccountPublicAccessBlock(clients.s3control(), accountId, signal),
  },
  {
    key: "s3Buckets",
    scope: "global",
    collect: ({ clients, homeRegion, signal }) => listS3Buckets((r) => clients.client(S3Client, r), homeRegion, signal),
  },
  {
    key: "cloudTrails",
    scope: "global",
    collect: ({ clients, homeRegion, signal }) => listCloudTrails(clients.client(CloudTrailClient, homeRegion), signal),
  },
  {
    key: "budgets",
    scope: "global",
    collect: ({ clients, accountId, homeRegion, signal }) =>
      listBudgets(clients.client(BudgetsClient, homeRegion), accountId, signal),
  },
  {
    key: "billingAlarms",
    scope: "global",
    collect: ({ clients, signal }) =>
      listBillingAlarms(clients.client(CloudWatchClient, BILLING_METRICS_REGION), signal),
  },
  {
    key: "configRecorders",
    scope: "regional",
    collect: ({ clients, region, signal }) => listConfigRecorders(clients.client(ConfigServiceClient, region), signal),
  },
  {
    key: "guardDutyDetectors",
    scope: "regional",
    collect: ({ clients, region, signal }) => listGuardDutyDetectors(clients.client(GuardDutyClient, region), signal),
  },
  {
    key: "securityHub",
    scope: "regional",
    collect: ({ clients, region, signal }) => getSecurityHubStatus(clients.client(SecurityHubClient, region), signal),
  },
  {
    key: "kmsKeys",
    scope: "regional",
    collect: ({ clients, region, signal }) => listKmsKeys(clients.client(KMSClient, region), signal),
  },
];
