import { listSecurityGroups } from "@/lib/aws/inventory/ec2";
import type { InventoryCollector } from "./types";

export const networkReaders: InventoryCollector[] = [
  { key: "securityGroups", scope: "regional", collect: ({ clients, region, signal }) => listSecurityGroups(clients.ec2(region), signal) },
];
