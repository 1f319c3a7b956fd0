// What the kms readers return: plain types, no SDK types.

export type KmsKey = {
  keyId: string;
  arn: string;
  /** "CUSTOMER" or "AWS". */
  manager: string;
  /** Enabled, Disabled, PendingDeletion, PendingImport, … */
  state: string;
  keySpec: string;
  keyUsage: string;
  /** AWS_KMS, EXTERNAL (imported material), AWS_CLOUDHSM, EXTERNAL_KEY_STORE. */
  origin: string;
  multiRegion: boolean;
  /** Automatic rotation; null when not asked (keys that cannot rotate automatically). */
  rotationEnabled: boolean | null;
  rotationPeriodInDays?: number;
};
