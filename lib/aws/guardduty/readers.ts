import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import type { InventoryReader } from "../inventory";
import { listGuardDutyDetectors } from "./guardduty";

export const guarddutyReaders: InventoryReader[] = [
  {
    key: "guardDutyDetectors",
    scope: "regional",
    collect: ({ clients, region, signal }) => listGuardDutyDetectors(clients.client(GuardDutyClient, region), signal),
  },
];
