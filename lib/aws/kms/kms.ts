import { DescribeKeyCommand, GetKeyRotationStatusCommand, paginateListKeys, type KMSClient } from "@aws-sdk/client-kms";
import { throwIfDeadline } from "../errors";
import type { KmsKey } from "./types";

/** Keys whose automatic rotation KMS can report: customer-managed, symmetric, KMS-generated material, enabled. */
export function canRotateAutomatically(
  k: Pick<KmsKey, "manager" | "state" | "keySpec" | "keyUsage" | "origin">,
): boolean {
  return (
    k.manager === "CUSTOMER" &&
    k.state === "Enabled" &&
    k.keySpec === "SYMMETRIC_DEFAULT" &&
    k.keyUsage === "ENCRYPT_DECRYPT" &&
    k.origin === "AWS_KMS"
  );
}

const KEY_CONCURRENCY = 5;

/** The region's KMS keys, with rotation status for the keys that can rotate automatically. */
export async function listKmsKeys(kms: KMSClient, signal?: AbortSignal): Promise<KmsKey[]> {
  const ids: string[] = [];
  for await (const page of paginateListKeys({ client: kms, pageSize: 1000 }, {})) {
    throwIfDeadline(signal);
    for (const k of page.Keys ?? []) if (k.KeyId) ids.push(k.KeyId);
  }
  const keys: KmsKey[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const key = await readKey(kms, ids[next++]!, signal);
      if (key) keys.push(key);
    }
  };
  await Promise.all(Array.from({ length: Math.min(KEY_CONCURRENCY, ids.length) }, worker));
  return keys.sort((a, b) => a.keyId.localeCompare(b.keyId));
}

async function readKey(kms: KMSClient, keyId: string, signal?: AbortSignal): Promise<KmsKey | null> {
  let meta;
  try {
    meta = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal: signal })).KeyMetadata;
  } catch (err) {
    // Deleted between ListKeys and DescribeKey.
    if ((err as { name?: string }).name === "NotFoundException") return null;
    throw err;
  }
  if (!meta) return null;
  const keySpec = meta.KeySpec ?? meta.CustomerMasterKeySpec ?? "UNKNOWN";
  const key: KmsKey = {
    keyId,
    arn: meta.Arn ?? keyId,
    manager: meta.KeyManager ?? "UNKNOWN",
    state: meta.KeyState ?? "UNKNOWN",
    keySpec,
    // A SYMMETRIC_DEFAULT key can only be ENCRYPT_DECRYPT; emulators leave the usage out.
    keyUsage: meta.KeyUsage ?? (keySpec === "SYMMETRIC_DEFAULT" ? "ENCRYPT_DECRYPT" : "UNKNOWN"),
    origin: meta.Origin ?? "UNKNOWN",
    multiRegion: meta.MultiRegion === true,
    rotationEnabled: null,
  };
  if (canRotateAutomatically(key)) {
    const r = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }), { abortSignal: signal });
    key.rotationEnabled = r.KeyRotationEnabled === true;
    key.rotationPeriodInDays = r.RotationPeriodInDays;
  }
  return key;
}
