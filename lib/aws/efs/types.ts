// What the efs readers return: plain types, no SDK types.

export type EfsFileSystem = {
  fileSystemId: string;
  arn: string;
  name?: string;
  encrypted: boolean;
  kmsKeyId?: string;
  /** creating, available, updating, deleting, deleted, error. */
  lifeCycleState: string;
  ownerId?: string;
};
