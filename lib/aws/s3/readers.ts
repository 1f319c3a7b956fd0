import { S3Client } from "@aws-sdk/client-s3";
import type { InventoryReader } from "../inventory";
import { getS3AccountPublicAccessBlock, listS3Buckets } from "./s3";

export const s3Readers: InventoryReader[] = [
  {
    key: "s3AccountPublicAccessBlock",
    scope: "global",
    collect: ({ clients, accountId, signal }) => getS3AccountPublicAccessBlock(clients.s3control(), accountId, signal),
  },
  {
    key: "s3Buckets",
    scope: "global",
    collect: ({ clients, homeRegion, signal }) => listS3Buckets((r) => clients.client(S3Client, r), homeRegion, signal),
  },
];
