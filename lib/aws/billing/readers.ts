import { BudgetsClient } from "@aws-sdk/client-budgets";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { InventoryReader } from "../inventory";
import { listBillingAlarms, listBudgets } from "./billing";

// AWS/Billing metrics are published only in us-east-1.
const BILLING_METRICS_REGION = "us-east-1";

export const billingReaders: InventoryReader[] = [
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
];
