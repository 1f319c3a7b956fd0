// What the s3 readers return: plain types, no SDK types.

export type S3AccountPublicAccessBlock = {
  /** False when no account-level configuration exists (NoSuchPublicAccessBlockConfiguration). */
  configured: boolean;
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
};

export type S3PublicAccessBlock = {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
};

/** One IAM policy statement, normalised: single values become arrays, condition values strings. */
export type PolicyStatement = {
  sid?: string;
  effect: "Allow" | "Deny";
  /** "*" for `"Principal": "*"`; otherwise principal type ("AWS", "Service", …) → values. */
  principal: "*" | Record<string, string[]>;
  /** True when the statement uses NotPrincipal (the principal field then lists the exceptions). */
  notPrincipal: boolean;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  /** Operator → condition key → values. */
  condition: Record<string, Record<string, string[]>>;
};

export type S3AclGrant = { granteeType: string; grantee: string; permission: string };

export type S3BucketEncryptionRule = { algorithm: string; kmsKeyId?: string; bucketKeyEnabled: boolean };

export type S3Bucket = {
  name: string;
  region: string;
  tags: Record<string, string>;
  /** null: the bucket has no policy. */
  policy: PolicyStatement[] | null;
  /** GetBucketPolicyStatus IsPublic; null when S3 did not say (emulators answer an empty status). */
  policyIsPublic: boolean | null;
  /** Bucket-level Block Public Access; null when not configured. */
  publicAccessBlock: S3PublicAccessBlock | null;
  aclGrants: S3AclGrant[];
  /** Object Ownership setting; null when the bucket has no ownership controls (ACLs enabled). */
  objectOwnership: string | null;
  versioning: "Enabled" | "Suspended" | "Off";
  mfaDelete: boolean;
  /** Default encryption rules; null when the bucket has no default encryption configuration. */
  encryption: S3BucketEncryptionRule[] | null;
};
