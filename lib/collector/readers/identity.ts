import { getIamAccountSummary } from "@/lib/aws/inventory/iam";
import type { InventoryCollector } from "./types";

export const identityReaders: InventoryCollector[] = [
  { key: "iamAccountSummary", scope: "global", collect: ({ clients, signal }) => getIamAccountSummary(clients.iam(), signal) },
];
