// What the guardduty readers return: plain types, no SDK types.

/** A protection plan as GetDetector's `Features` gives it, with its agent settings (runtime monitoring). */
export type GuardDutyFeature = { name: string; status: string; additional?: { name: string; status: string }[] };

export type GuardDutyDetector = {
  detectorId: string;
  status: string;
  findingPublishingFrequency?: string;
  /** Absent when GetDetector gave none (an old detector, or an emulator). */
  features?: GuardDutyFeature[];
  /** S3 malware protection is a plan per bucket, not a detector feature: how many plans the region has. */
  malwareProtectionPlans?: number;
  /** The administrator account managing this detector (GetAdministratorAccount), when there is one. */
  administrator?: { accountId: string; relationship: string };
};

/** Read in the management account only: the organization's delegated GuardDuty administrator per region. */
export type GuardDutyOrganization = { managementAccount: boolean; delegatedAdministrators: string[] };

export type GuardDutySignal = {
  uid: string;
  type: string;
  name: string;
  description?: string;
  firstSeenAt?: string;
  lastSeenAt?: string;
  severity?: number;
  count?: number;
  resourceUids: string[];
  actorIds: string[];
  endpointIds: string[];
};

/** Extended Threat Detection's incident: its signals (findings, API activity), actors, endpoints, resources. */
export type GuardDutySequence = {
  uid: string;
  description: string;
  signals: GuardDutySignal[];
  actors: { id: string; userName?: string; userType?: string; credentialUid?: string; mfa?: string }[];
  endpoints: { id: string; ip?: string; domain?: string; country?: string; city?: string; asn?: string }[];
  resources: { uid: string; name?: string; type?: string; accountId?: string; region?: string }[];
  indicators: { key: string; values: string[] }[];
};

export type GuardDutyAction = {
  type?: string;
  api?: string;
  serviceName?: string;
  callerType?: string;
  errorCode?: string;
  remoteIp?: string;
  country?: string;
  city?: string;
  asn?: string;
  asnOrg?: string;
  org?: string;
  isp?: string;
  userAgent?: string;
  port?: number;
  protocol?: string;
  domain?: string;
  direction?: string;
};

/** One finding as stored: the fields a responder reads, and the finding as GuardDuty gave it. */
export type GuardDutyFinding = {
  id: string;
  arn: string;
  accountId: string;
  region: string;
  detectorId: string;
  type: string;
  title: string;
  description?: string;
  severity: number;
  createdAt: string;
  updatedAt: string;
  firstSeenAt: string;
  lastSeenAt: string;
  count: number;
  archived: boolean;
  resource: { type?: string; id?: string; arn?: string; tags: Record<string, string> };
  action?: GuardDutyAction;
  accessKeyId?: string;
  principalId?: string;
  userName?: string;
  userType?: string;
  sequence?: GuardDutySequence;
  raw: unknown;
};

/**
 * One region's findings read. `own`: this account's detector (its members' findings too when it is
 * their administrator). `delegated`: another collected account administers this detector and reads them.
 */
export type GuardDutyFindingsRead = {
  mode: "own" | "delegated" | "no-detector";
  detectorId?: string;
  administratorAccountId?: string;
  /** The updatedAt lower bound used (ISO), absent on a full read. */
  since?: string;
  /** When the read started: the next run's lower bound once this run's snapshot is stored. */
  readAt: string;
  findings: GuardDutyFinding[];
  calls: { listFindings: number; getFindings: number };
};
