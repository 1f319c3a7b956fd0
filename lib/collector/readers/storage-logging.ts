import { getS3AccountPublicAccessBlock } from "@/lib/aws/inventory/s3";
import type { InventoryCollector } from "./types";

export const storageLoggingReaders: InventoryCollector[] = [
  {
    key: "s3AccountPublicAccessBlock",
    scope: "global",
    collect: ({ clients, accountId, signal }) => getS3AccountPublicAccessBlock(clients.s3control(), accountId, signal),
  },
];
