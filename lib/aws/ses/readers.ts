import { SESClient } from "@aws-sdk/client-ses";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { InventoryReader } from "../inventory";
import { readSesRegion } from "./ses";

export const sesReaders: InventoryReader[] = [
  {
    key: "ses",
    scope: "regional",
    collect: ({ clients, region, signal }) =>
      readSesRegion(clients.client(SESClient, region), clients.client(SESv2Client, region), signal),
  },
];
