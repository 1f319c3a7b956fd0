import { AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import type { InventoryReader } from "../inventory";
import { listAccessAnalyzers } from "./accessanalyzer";

export const accessanalyzerReaders: InventoryReader[] = [
  {
    key: "accessAnalyzers",
    scope: "regional",
    collect: ({ clients, region, signal }) => listAccessAnalyzers(clients.client(AccessAnalyzerClient, region), signal),
  },
];
