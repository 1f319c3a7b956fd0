// What the SES readers return: plain types, no SDK types.

/** One 15-minute data point of GetSendStatistics (the last two weeks). */
export type SesSendPoint = {
  timestamp: string;
  deliveryAttempts: number;
  bounces: number;
  complaints: number;
  rejects: number;
};

/** SES v2 GetAccount: quota, production access and what AWS's enforcement says of the account. */
export type SesAccountStatus = {
  sendingEnabled: boolean;
  productionAccess: boolean;
  /** HEALTHY, PROBATION or SHUTDOWN (AWS's review of bounces, complaints and abuse). */
  enforcementStatus: string | null;
  max24HourSend: number | null;
  maxSendRate: number | null;
  sentLast24Hours: number | null;
};

/** SES in one region: its account status and send statistics; `used` when it has sent or may send. */
export type SesRegion = { account: SesAccountStatus | null; points: SesSendPoint[]; used: boolean };
