// What the cloudtrail readers return: plain types, no SDK types.

export type CloudTrailTrail = {
  name: string;
  arn: string;
  /** The account that owns the trail (an organization trail seen from a member is owned by the management account). */
  ownerAccountId: string;
  homeRegion: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  s3BucketName?: string;
  logFileValidationEnabled: boolean;
  kmsKeyId?: string;
  /** null when the status could not be read for a trail that exists (it vanished between calls). */
  isLogging: boolean | null;
};

export type { TrailEvent } from "@/lib/domain/activity";

export type LookupAttribute = {
  key: "AccessKeyId" | "Username" | "EventName" | "EventSource" | "ResourceName" | "ReadOnly";
  value: string;
};
