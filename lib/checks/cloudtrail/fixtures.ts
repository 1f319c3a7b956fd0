// Inventory builders for the CloudTrail checks' tests.
import type { CloudTrailTrail } from "@/lib/aws/cloudtrail/types";
import { ACCOUNT } from "../fixtures";

export function trail(p: Partial<CloudTrailTrail> = {}): CloudTrailTrail {
  const name = p.name ?? "main";
  const owner = p.ownerAccountId ?? ACCOUNT;
  return {
    name,
    arn: `arn:aws:cloudtrail:us-east-1:${owner}:trail/${name}`,
    ownerAccountId: owner,
    homeRegion: "us-east-1",
    isMultiRegion: true,
    isOrganizationTrail: false,
    s3BucketName: "logs",
    logFileValidationEnabled: true,
    kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/k1",
    isLogging: true,
    eventSelectors: {
      basic: [
        { readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: [], dataResources: [] },
      ],
      advanced: [],
    },
    ...p,
  };
}
