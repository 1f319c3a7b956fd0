import { DescribeFileSystemsCommand, EFSClient } from "@aws-sdk/client-efs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listEfsFileSystems } from "./efs";

const efsMock = mockClient(EFSClient);
afterEach(() => efsMock.reset());
const client = () => new EFSClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

describe("listEfsFileSystems", () => {
  it("maps file systems across pages with their encryption", async () => {
    efsMock
      .on(DescribeFileSystemsCommand, { Marker: undefined })
      .resolves({
        FileSystems: [
          {
            FileSystemId: "fs-1",
            FileSystemArn: "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1",
            Name: "shared",
            Encrypted: true,
            KmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/k",
            LifeCycleState: "available",
            OwnerId: "111122223333",
            CreationToken: "t",
            CreationTime: new Date(),
            NumberOfMountTargets: 1,
            SizeInBytes: { Value: 0 },
            PerformanceMode: "generalPurpose",
            Tags: [],
          },
        ],
        NextMarker: "m",
      })
      .on(DescribeFileSystemsCommand, { Marker: "m" })
      .resolves({ FileSystems: [{ FileSystemId: "fs-2", LifeCycleState: "available" } as never] });
    expect(await listEfsFileSystems(client())).toEqual([
      {
        fileSystemId: "fs-1",
        arn: "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1",
        name: "shared",
        encrypted: true,
        kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/k",
        lifeCycleState: "available",
        ownerId: "111122223333",
      },
      {
        fileSystemId: "fs-2",
        arn: "fs-2",
        name: undefined,
        encrypted: false,
        kmsKeyId: undefined,
        lifeCycleState: "available",
        ownerId: undefined,
      },
    ]);
  });
  it("lets AccessDenied propagate", async () => {
    efsMock
      .on(DescribeFileSystemsCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await expect(listEfsFileSystems(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
