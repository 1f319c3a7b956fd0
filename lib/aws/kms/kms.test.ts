import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listKmsKeys } from "./kms";

const kmsMock = mockClient(KMSClient);
afterEach(() => kmsMock.reset());

const client = () => new KMSClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const arn = (id: string) => `arn:aws:kms:us-east-1:111122223333:key/${id}`;
const meta = (id: string, p: Record<string, unknown> = {}) => ({
  KeyMetadata: {
    KeyId: id,
    Arn: arn(id),
    KeyManager: "CUSTOMER" as const,
    KeyState: "Enabled" as const,
    KeySpec: "SYMMETRIC_DEFAULT" as const,
    KeyUsage: "ENCRYPT_DECRYPT" as const,
    Origin: "AWS_KMS" as const,
    ...p,
  },
});

describe("listKmsKeys", () => {
  it("describes keys across pages and asks rotation only of keys that can rotate", async () => {
    kmsMock
      .on(ListKeysCommand)
      .resolvesOnce({ Keys: [{ KeyId: "cmk" }, { KeyId: "aws" }], NextMarker: "m", Truncated: true })
      .resolvesOnce({ Keys: [{ KeyId: "rsa" }] });
    kmsMock.on(DescribeKeyCommand, { KeyId: "cmk" }).resolves(meta("cmk", { MultiRegion: true, KeyUsage: undefined }));
    kmsMock.on(DescribeKeyCommand, { KeyId: "aws" }).resolves(meta("aws", { KeyManager: "AWS" }));
    kmsMock
      .on(DescribeKeyCommand, { KeyId: "rsa" })
      .resolves(meta("rsa", { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" }));
    kmsMock
      .on(GetKeyRotationStatusCommand, { KeyId: "cmk" })
      .resolves({ KeyRotationEnabled: false, RotationPeriodInDays: 365 });
    const keys = await listKmsKeys(client());
    expect(kmsMock.commandCalls(ListKeysCommand)[1]?.args[0].input).toMatchObject({ Marker: "m" });
    expect(keys).toEqual([
      {
        keyId: "aws",
        arn: arn("aws"),
        manager: "AWS",
        state: "Enabled",
        keySpec: "SYMMETRIC_DEFAULT",
        keyUsage: "ENCRYPT_DECRYPT",
        origin: "AWS_KMS",
        multiRegion: false,
        rotationEnabled: null,
      },
      {
        keyId: "cmk",
        arn: arn("cmk"),
        manager: "CUSTOMER",
        state: "Enabled",
        keySpec: "SYMMETRIC_DEFAULT",
        keyUsage: "ENCRYPT_DECRYPT",
        origin: "AWS_KMS",
        multiRegion: true,
        rotationEnabled: false,
        rotationPeriodInDays: 365,
      },
      {
        keyId: "rsa",
        arn: arn("rsa"),
        manager: "CUSTOMER",
        state: "Enabled",
        keySpec: "RSA_2048",
        keyUsage: "SIGN_VERIFY",
        origin: "AWS_KMS",
        multiRegion: false,
        rotationEnabled: null,
      },
    ]);
    expect(kmsMock.commandCalls(GetKeyRotationStatusCommand).map((c) => c.args[0].input.KeyId)).toEqual(["cmk"]);
  });

  it("skips a key deleted between ListKeys and DescribeKey, and returns an empty region as []", async () => {
    kmsMock
      .on(ListKeysCommand)
      .resolvesOnce({ Keys: [{ KeyId: "gone" }] })
      .resolvesOnce({ Keys: [] });
    kmsMock.on(DescribeKeyCommand).rejects(Object.assign(new Error("gone"), { name: "NotFoundException" }));
    expect(await listKmsKeys(client())).toEqual([]);
    expect(await listKmsKeys(client())).toEqual([]);
  });

  it("lets AccessDenied propagate", async () => {
    kmsMock.on(ListKeysCommand).resolves({ Keys: [{ KeyId: "cmk" }] });
    kmsMock.on(DescribeKeyCommand).resolves(meta("cmk"));
    kmsMock
      .on(GetKeyRotationStatusCommand)
      .rejects(
        Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }),
      );
    await expect(listKmsKeys(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
