// What the billing readers return: plain types, no SDK types.

export type Budget = { name: string; type: string; timeUnit?: string; limitAmount?: string; limitUnit?: string };

export type BillingAlarm = {
  name: string;
  arn?: string;
  state?: string;
  threshold?: number;
  actionsEnabled: boolean;
  alarmActions: string[];
};
