import { ECRClient } from "@aws-sdk/client-ecr";
import type { InventoryReader } from "../inventory";
import { getEcrRegistryScanning, listEcrRepositories } from "./ecr";

export const ecrReaders: InventoryReader[] = [
  {
    key: "ecrRepositories",
    scope: "regional",
    collect: ({ clients, region, signal }) => listEcrRepositories(clients.client(ECRClient, region), signal),
  },
  {
    key: "ecrRegistryScanning",
    scope: "regional",
    collect: ({ clients, region, signal }) => getEcrRegistryScanning(clients.client(ECRClient, region), signal),
  },
];
