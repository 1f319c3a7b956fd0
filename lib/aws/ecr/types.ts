// What the ecr readers return: plain types, no SDK types.

export type EcrRepository = { arn: string; name: string; scanOnPush: boolean };

export type EcrScanningRule = {
  /** "SCAN_ON_PUSH" | "CONTINUOUS_SCAN" | "MANUAL". */
  frequency: string;
  /** Repository name filters (WILDCARD type). */
  filters: string[];
};

export type EcrRegistryScanning = {
  /** "BASIC" (the default when nothing is configured) or "ENHANCED". */
  scanType: string;
  rules: EcrScanningRule[];
};
