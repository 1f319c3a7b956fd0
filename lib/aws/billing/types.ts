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
  /** What it watches, for people: "EstimatedCharges (USD)", "EstimatedCharges, AmazonEC2 (USD)", or metric math. */
  metric?: string;
  state?: string;
  threshold?: number;
  actionsEnabled: boolean;
  alarmActions: string[];
};
