import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { InventoryReader } from "../inventory";
import { getSecurityHubStatus } from "./securityhub";

export const securityhubReaders: InventoryReader[] = [
  {
    key: "securityHub",
    scope: "regional",
    collect: ({ clients, region, signal }) => getSecurityHubStatus(clients.client(SecurityHubClient, region), signal),
  },
];
