import { KMSClient } from "@aws-sdk/client-kms";
import type { InventoryReader } from "../inventory";
import { listKmsKeys } from "./kms";

export const kmsReaders: InventoryReader[] = [
  {
    key: "kmsKeys",
    scope: "regional",
    collect: ({ clients, region, signal }) => listKmsKeys(clients.client(KMSClient, region), signal),
  },
];
