import { describe, expect, it } from "vitest";
import type { EfsFileSystem } from "@/lib/aws/efs/types";
import { evaluateUnit } from "../evaluate";
import { ACCOUNT, ctx } from "../fixtures";
import check from "./efs-unencrypted";

const fs = (id: string, p: Partial<EfsFileSystem> = {}): EfsFileSystem => ({
  fileSystemId: id,
  arn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/${id}`,
  encrypted: true,
  lifeCycleState: "available",
  ownerId: ACCOUNT,
  ...p,
});
const run = (efsFileSystems: EfsFileSystem[]) => check.evaluate(ctx({ efsFileSystems }, "eu-west-1"));

describe("efs_unencrypted", () => {
  it("fails an unencrypted file system and passes an encrypted one", () => {
    expect(run([fs("fs-1", { encrypted: false }), fs("fs-2")]).map((r) => r.status)).toEqual(["fail", "pass"]);
  });
  it("skips file systems being deleted, and leaves another owner's to that owner", () => {
    expect(run([fs("fs-1", { encrypted: false, lifeCycleState: "deleting" })])).toEqual([]);
    expect(run([fs("fs-2", { encrypted: false, ownerId: "999988887777" })])[0]?.status).toBe("not_applicable");
  });
  it("is not evaluated when file systems could not be read", () => {
    expect(evaluateUnit([check], ctx({}, "eu-west-1"))).toEqual([]);
  });
});
