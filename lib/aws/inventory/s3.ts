import { GetPublicAccessBlockCommand, type S3ControlClient } from "@aws-sdk/client-s3-control";
import type { S3AccountPublicAccessBlock } from "../types";

/** The account-level S3 Block Public Access settings; "not configured" is a valid answer, not an error. */
export async function getS3AccountPublicAccessBlock(s3control: S3ControlClient, accountId: string, signal?: AbortSignal): Promise<S3AccountPublicAccessBlock> {
  try {
    const out = await s3control.send(new GetPublicAccessBlockCommand({ AccountId: accountId }), { abortSignal: signal });
    const c = out.PublicAccessBlockConfiguration ?? {};
    return {
      configured: true,
      blockPublicAcls: c.BlockPublicAcls === true,
      ignorePublicAcls: c.IgnorePublicAcls === true,
      blockPublicPolicy: c.BlockPublicPolicy === true,
      restrictPublicBuckets: c.RestrictPublicBuckets === true,
    };
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchPublicAccessBlockConfiguration") {
      return { configured: false, blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
    }
    throw err;
  }
}
