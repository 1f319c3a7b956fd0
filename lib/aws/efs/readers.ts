import { EFSClient } from "@aws-sdk/client-efs";
import type { InventoryReader } from "../inventory";
import { listEfsFileSystems } from "./efs";

export const efsReaders: InventoryReader[] = [
  {
    key: "efsFileSystems",
    scope: "regional",
    collect: ({ clients, region, signal }) => listEfsFileSystems(clients.client(EFSClient, region), signal),
  },
];
