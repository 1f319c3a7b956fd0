import { ECSClient } from "@aws-sdk/client-ecs";
import type { InventoryReader } from "../inventory";
import { listEcsTaskDefinitions } from "./ecs";

export const ecsReaders: InventoryReader[] = [
  {
    key: "ecsTaskDefinitions",
    scope: "regional",
    collect: ({ clients, region, signal }) => listEcsTaskDefinitions(clients.client(ECSClient, region), signal),
  },
];
