import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import type { InventoryReader } from "../inventory";
import { listConfigRecorders } from "./config";

export const configReaders: InventoryReader[] = [
  {
    key: "configRecorders",
    scope: "regional",
    collect: ({ clients, region, signal }) => listConfigRecorders(clients.client(ConfigServiceClient, region), signal),
  },
];
