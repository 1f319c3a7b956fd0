import { AccountClient } from "@aws-sdk/client-account";
import type { InventoryReader } from "../inventory";
import { getAlternateContacts } from "./account";

export const accountReaders: InventoryReader[] = [
  {
    key: "accountAlternateContacts",
    scope: "global",
    collect: ({ clients, homeRegion, signal }) =>
      getAlternateContacts(clients.client(AccountClient, homeRegion), signal),
  },
];
