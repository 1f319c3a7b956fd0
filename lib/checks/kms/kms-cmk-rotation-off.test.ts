import { describe, expect, it } from "vitest";
import check from "./kms-cmk-rotation-off";
import { ctx } from "../fixtures";
import type { KmsKey } from "@/lib/aws/kms/types";

const key = (id: string, p: Partial<KmsKey> = {}): KmsKey => ({
  keyId: id,
  arn: `arn:aws:kms:eu-west-1:111122223333:key/${id}`,
  manager: "CUSTOMER",
  state: "Enabled",
  keySpec: "SYMMETRIC_DEFAULT",
  keyUsage: "ENCRYPT_DECRYPT",
  origin: "AWS_KMS",
  multiRegion: false,
  rotationEnabled: true,
  rotationPeriodInDays: 365,
  ...p,
});
const run = (kmsKeys: KmsKey[]) => check.evaluate(ctx({ kmsKeys }, "eu-west-1"));

describe("kms_cmk_rotation_off", () => {
  it("passes a rotating key and fails one that does not rotate", () => {
    expect(run([key("a"), key("b", { rotationEnabled: false })])).toMatchObject([
      { resourceId: "arn:aws:kms:eu-west-1:111122223333:key/a", resourceType: "AWS::KMS::Key", status: "pass" },
      { resourceId: "arn:aws:kms:eu-west-1:111122223333:key/b", status: "fail", evidence: { rotationEnabled: false } },
    ]);
  });
  it("is not applicable to customer keys that cannot rotate automatically", () => {
    const results = run([
      key("asym", { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", rotationEnabled: null }),
      key("off", { state: "Disabled", rotationEnabled: null }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["not_applicable", "not_applicable"]);
  });
  it("skips AWS-managed keys and keys pending deletion", () => {
    expect(
      run([
        key("aws", { manager: "AWS", rotationEnabled: false }),
        key("del", { state: "PendingDeletion", rotationEnabled: null }),
      ]),
    ).toEqual([]);
  });
});
