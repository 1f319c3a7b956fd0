// GuardDuty's protection plans as Posture names them: GetDetector's feature names, plus S3 malware
// protection, which AWS configures as plans per bucket rather than a detector feature.

export const GUARDDUTY_FEATURES = [
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "RUNTIME_MONITORING",
  "EBS_MALWARE_PROTECTION",
  "S3_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  "LAMBDA_NETWORK_LOGS",
] as const;

export type GuardDutyFeatureName = (typeof GUARDDUTY_FEATURES)[number];

export const GUARDDUTY_FEATURE_LABELS: Record<GuardDutyFeatureName, string> = {
  S3_DATA_EVENTS: "S3 data events",
  EKS_AUDIT_LOGS: "EKS audit logs",
  RUNTIME_MONITORING: "Runtime monitoring",
  EBS_MALWARE_PROTECTION: "Malware protection (EC2)",
  S3_MALWARE_PROTECTION: "Malware protection (S3)",
  RDS_LOGIN_EVENTS: "RDS login events",
  LAMBDA_NETWORK_LOGS: "Lambda network logs",
};

type DetectorLike = {
  status: string;
  features?: { name: string; status: string }[];
  malwareProtectionPlans?: number;
};

/**
 * Whether a detector has a protection plan on: true, false, or undefined when GuardDuty did not say
 * (no Features in GetDetector). Runtime monitoring counts its EKS-only predecessor.
 */
export function guardDutyFeatureEnabled(d: DetectorLike, feature: GuardDutyFeatureName): boolean | undefined {
  if (feature === "S3_MALWARE_PROTECTION")
    return d.malwareProtectionPlans === undefined ? undefined : d.malwareProtectionPlans > 0;
  if (!d.features) return undefined;
  const names = feature === "RUNTIME_MONITORING" ? ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"] : [feature];
  return d.features.some((f) => names.includes(f.name) && f.status === "ENABLED");
}

/** GuardDuty's numeric severity as a label: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, below low. */
export function guardDutySeverityLabel(severity: number): "critical" | "high" | "medium" | "low" {
  if (severity >= 9) return "critical";
  if (severity >= 7) return "high";
  if (severity >= 4) return "medium";
  return "low";
}
