// A CloudTrail management event as the activity modules, the collector and the pages share it.

export type TrailEvent = {
  /** CloudTrail's EventId: the same event read twice is the same row. */
  id: string;
  time: Date;
  name: string;
  /** e.g. "iam.amazonaws.com". */
  source: string;
  region: string;
  /** The account the call was made in (recipientAccountId). */
  accountId?: string;
  userName?: string;
  accessKeyId?: string;
  principalArn?: string;
  /** IAMUser, AssumedRole, Root, AWSService, … */
  principalType?: string;
  sourceIp?: string;
  userAgent?: string;
  errorCode?: string;
  readOnly?: boolean;
  /** requestParameters as logged (a rule may need them: the opened CIDR, the attached policy). */
  requestParameters?: Record<string, unknown>;
};
