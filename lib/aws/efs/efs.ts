import { paginateDescribeFileSystems, type EFSClient } from "@aws-sdk/client-efs";
import { throwIfDeadline } from "../errors";
import type { EfsFileSystem } from "./types";

/** The region's EFS file systems with their encryption at rest. */
export async function listEfsFileSystems(efs: EFSClient, signal?: AbortSignal): Promise<EfsFileSystem[]> {
  const out: EfsFileSystem[] = [];
  for await (const page of paginateDescribeFileSystems({ client: efs, pageSize: 100 }, {}, { abortSignal: signal })) {
    throwIfDeadline(signal);
    for (const fs of page.FileSystems ?? []) {
      if (!fs.FileSystemId) continue;
      out.push({
        fileSystemId: fs.FileSystemId,
        arn: fs.FileSystemArn ?? fs.FileSystemId,
        name: fs.Name,
        encrypted: fs.Encrypted === true,
        kmsKeyId: fs.KmsKeyId,
        lifeCycleState: fs.LifeCycleState ?? "unknown",
        ownerId: fs.OwnerId,
      });
    }
  }
  return out;
}
