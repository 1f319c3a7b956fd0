// What the billing readers return: plain types, no SDK types.

export type Budget = {
  name: string;
  type: string;
  timeUnit?: string;
  limitAmount?: string;
  limitUnit?: string;
  /** This period's spend so far and AWS's forecast for the period (DescribeBudgets' CalculatedSpend). */
  actualSpend?: string;
  forecastedSpend?: string;
};

export type BillingAlarm = {
  name: string;
  arn?: string;
  state?: string;
  threshold?: number;
  actionsEnabled: boolean;
  alarmActions: string[];
};
