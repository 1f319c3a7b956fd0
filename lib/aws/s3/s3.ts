import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand as GetBucketPublicAccessBlockCommand,
  paginateListBuckets,
  type S3Client,
} from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand, type S3ControlClient } from "@aws-sdk/client-s3-control";
import { mapLimited } from "@/lib/concurrency";
import { throwIfDeadline } from "../errors";
import type { PolicyStatement, S3AccountPublicAccessBlock, S3Bucket } from "./types";

/** The account-level S3 Block Public Access settings; "not configured" is a valid answer, not an error. */
export async function getS3AccountPublicAccessBlock(
  s3control: S3ControlClient,
  accountId: string,
  signal?: AbortSignal,
): Promise<S3AccountPublicAccessBlock> {
  try {
    const out = await s3control.send(new GetPublicAccessBlockCommand({ AccountId: accountId }), {
      abortSignal: signal,
    });
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
      return {
        configured: false,
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      };
    }
    throw err;
  }
}

/** S3 names the bucket's region "" for us-east-1 and "EU" for the oldest eu-west-1 buckets. */
export function bucketRegionFromLocation(location: string | undefined | null): string {
  if (!location) return "us-east-1";
  if (location === "EU") return "eu-west-1";
  return location;
}

const errName = (err: unknown) => (err as { name?: string } | undefined)?.name;

/** Runs `call`, turning the named "not configured" errors into `fallback`. */
async function orNotConfigured<T>(call: () => Promise<T>, names: string[], fallback: T): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (names.includes(errName(err) ?? "")) return fallback;
    throw err;
  }
}

function toArray(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

function normalisePrincipal(p: unknown): "*" | Record<string, string[]> {
  if (p === "*") return "*";
  if (p && typeof p === "object")
    return Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, toArray(v)]));
  return {};
}

/** Parses a policy document into normalised statements. */
export function parsePolicy(document: string): PolicyStatement[] {
  const doc = JSON.parse(document) as { Statement?: unknown };
  const raw = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return (raw as Record<string, unknown>[]).map((s) => {
    const condition: PolicyStatement["condition"] = {};
    for (const [op, keys] of Object.entries(
      (s.Condition as Record<string, Record<string, unknown>> | undefined) ?? {},
    )) {
      condition[op] = Object.fromEntries(Object.entries(keys ?? {}).map(([k, v]) => [k, toArray(v)]));
    }
    return {
      sid: typeof s.Sid === "string" ? s.Sid : undefined,
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      principal: normalisePrincipal(s.NotPrincipal ?? s.Principal),
      notPrincipal: s.NotPrincipal !== undefined,
      actions: toArray(s.Action),
      notActions: toArray(s.NotAction),
      resources: toArray(s.Resource),
      notResources: toArray(s.NotResource),
      condition,
    };
  });
}

const BUCKET_CONCURRENCY = 8;

/**
 * Every bucket the account owns with what the S3 checks read. Calls about a bucket go to its own
 * region (`s3For`); a bucket deleted while we read it is left out.
 */
export async function listS3Buckets(
  s3For: (region: string) => S3Client,
  homeRegion: string,
  signal?: AbortSignal,
): Promise<S3Bucket[]> {
  const home = s3For(homeRegion);
  const listed: { name: string; region?: string }[] = [];
  for await (const page of paginateListBuckets({ client: home, pageSize: 1000 }, {})) {
    throwIfDeadline(signal);
    for (const b of page.Buckets ?? []) if (b.Name) listed.push({ name: b.Name, region: b.BucketRegion });
  }
  const buckets = await mapLimited(listed, BUCKET_CONCURRENCY, (b) => readBucket(s3For, home, b, signal));
  return buckets.filter((b): b is S3Bucket => b !== null);
}

async function readBucket(
  s3For: (region: string) => S3Client,
  home: S3Client,
  listed: { name: string; region?: string },
  signal?: AbortSignal,
): Promise<S3Bucket | null> {
  const Bucket = listed.name;
  const opts = { abortSignal: signal };
  try {
    const region =
      listed.region ??
      bucketRegionFromLocation((await home.send(new GetBucketLocationCommand({ Bucket }), opts)).LocationConstraint);
    const s3 = s3For(region);
    const [tags, policy, policyIsPublic, pab, acl, ownership, versioning, encryption] = await Promise.all([
      orNotConfigured(
        async () => (await s3.send(new GetBucketTaggingCommand({ Bucket }), opts)).TagSet ?? [],
        ["NoSuchTagSet"],
        [],
      ),
      orNotConfigured(
        async () => {
          const doc = (await s3.send(new GetBucketPolicyCommand({ Bucket }), opts)).Policy;
          return doc ? parsePolicy(doc) : null;
        },
        ["NoSuchBucketPolicy"],
        null,
      ),
      orNotConfigured(
        async () => (await s3.send(new GetBucketPolicyStatusCommand({ Bucket }), opts)).PolicyStatus?.IsPublic ?? null,
        ["NoSuchBucketPolicy"],
        false,
      ),
      orNotConfigured(
        async () =>
          (await s3.send(new GetBucketPublicAccessBlockCommand({ Bucket }), opts)).PublicAccessBlockConfiguration ??
          null,
        ["NoSuchPublicAccessBlockConfiguration"],
        null,
      ),
      s3.send(new GetBucketAclCommand({ Bucket }), opts),
      orNotConfigured(
        async () =>
          (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }), opts)).OwnershipControls?.Rules?.[0]
            ?.ObjectOwnership ?? null,
        ["OwnershipControlsNotFoundError"],
        null,
      ),
      s3.send(new GetBucketVersioningCommand({ Bucket }), opts),
      orNotConfigured(
        async () =>
          (await s3.send(new GetBucketEncryptionCommand({ Bucket }), opts)).ServerSideEncryptionConfiguration?.Rules ??
          [],
        ["ServerSideEncryptionConfigurationNotFoundError"],
        null,
      ),
    ]);
    return {
      name: Bucket,
      region,
      tags: Object.fromEntries(tags.flatMap((t) => (t.Key ? [[t.Key, t.Value ?? ""]] : []))),
      policy,
      policyIsPublic,
      publicAccessBlock: pab
        ? {
            blockPublicAcls: pab.BlockPublicAcls === true,
            ignorePublicAcls: pab.IgnorePublicAcls === true,
            blockPublicPolicy: pab.BlockPublicPolicy === true,
            restrictPublicBuckets: pab.RestrictPublicBuckets === true,
          }
        : null,
      aclGrants: (acl.Grants ?? []).map((g) => ({
        granteeType: g.Grantee?.Type ?? "Unknown",
        grantee: g.Grantee?.URI ?? g.Grantee?.ID ?? g.Grantee?.EmailAddress ?? "",
        permission: g.Permission ?? "",
      })),
      objectOwnership: ownership,
      versioning: versioning.Status === "Enabled" ? "Enabled" : versioning.Status === "Suspended" ? "Suspended" : "Off",
      mfaDelete: versioning.MFADelete === "Enabled",
      encryption:
        encryption === null
          ? null
          : encryption.flatMap((r) =>
              r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm
                ? [
                    {
                      algorithm: r.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
                      kmsKeyId: r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID,
                      bucketKeyEnabled: r.BucketKeyEnabled === true,
                    },
                  ]
                : [],
            ),
    };
  } catch (err) {
    // Deleted between ListBuckets and now: nothing left to assess.
    if (errName(err) === "NoSuchBucket") return null;
    throw err;
  }
}
