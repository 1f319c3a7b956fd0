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
  /** GetEventSelectors; null when it could not be read for this trail. */
  eventSelectors: TrailEventSelectors | null;
};

export type { TrailEvent } from "@/lib/domain/activity";

export type LookupAttribute = {
  key: "AccessKeyId" | "Username" | "EventName" | "EventSource" | "ResourceName" | "ReadOnly";
  value: string;
};

/** A basic event selector as GetEventSelectors returns it. */
export type BasicEventSelector = {
  readWriteType: "All" | "ReadOnly" | "WriteOnly";
  includeManagementEvents: boolean;
  excludeManagementEventSources: string[];
  /** Data events: resource type (AWS::S3::Object, AWS::Lambda::Function) → ARN prefixes. */
  dataResources: { type: string; values: string[] }[];
};

/** One field condition of an advanced event selector. */
export type AdvancedFieldSelector = {
  field: string;
  equals?: string[];
  notEquals?: string[];
  startsWith?: string[];
  notStartsWith?: string[];
  endsWith?: string[];
  notEndsWith?: string[];
};

export type AdvancedEventSelector = { name?: string; fieldSelectors: AdvancedFieldSelector[] };

/** A trail uses either basic or advanced selectors. */
export type TrailEventSelectors = { basic: BasicEventSelector[]; advanced: AdvancedEventSelector[] };
