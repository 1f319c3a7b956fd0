import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { InventoryReader } from "../inventory";
import { listCloudTrails } from "./cloudtrail";

export const cloudtrailReaders: InventoryReader[] = [
  {
    key: "cloudTrails",
    scope: "global",
    collect: ({ clients, homeRegion, signal }) => listCloudTrails(clients.client(CloudTrailClient, homeRegion), signal),
  },
];
