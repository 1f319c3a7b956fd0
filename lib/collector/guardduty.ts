import type { CollectedInventory } from "@/lib/aws/inventory";
import type { GuardDutyFinding } from "@/lib/aws/guardduty/types";
import { guardDutySeverityLabel } from "@/lib/aws/guardduty/guardduty";
import type { GuardDutyCoverageRow, GuardDutyFindingRow } from "@/lib/db/queries/guardduty";

// A unit's GuardDuty inventory as the rows the account's snapshot stores: its coverage (detector,
// plans, administrator) and the findings its detector returned (members' too, for an administrator).

export type UnitGuardDuty = { coverage?: GuardDutyCoverageRow; findings: GuardDutyFindingRow[] };

const date = (iso: string) => new Date(iso);

export function guardDutyFindingRow(f: GuardDutyFinding, runId: string | null): GuardDutyFindingRow {
  return {
    accountId: f.accountId,
    region: f.region,
    id: f.id,
    arn: f.arn || null,
    detectorId: f.detectorId,
    type: f.type,
    title: f.title,
    description: f.description ?? null,
    severity: f.severity,
    severityLabel: guardDutySeverityLabel(f.severity),
    resourceType: f.resource.type ?? null,
    resourceId: f.resource.id ?? null,
    resourceArn: f.resource.arn ?? null,
    accessKeyId: f.accessKeyId ?? null,
    principalId: f.principalId ?? null,
    remoteIp: f.action?.remoteIp ?? null,
    sequenceUid: f.sequence?.uid ?? null,
    count: f.count,
    archived: f.archived,
    firstSeenAt: date(f.firstSeenAt),
    lastSeenAt: date(f.lastSeenAt),
    awsCreatedAt: date(f.createdAt),
    awsUpdatedAt: date(f.updatedAt),
    details: {
      resource: f.resource,
      ...(f.action ? { action: f.action } : {}),
      ...(f.userName ? { userName: f.userName } : {}),
      ...(f.userType ? { userType: f.userType } : {}),
      ...(f.sequence ? { sequence: f.sequence } : {}),
    },
    raw: f.raw ?? null,
    lastRunId: runId,
  };
}

/** Nothing when the unit read no GuardDuty key; coverage only when its detectors were read. */
export function unitGuardDuty(region: string, inventory: CollectedInventory, runId: string | null): UnitGuardDuty {
  const detectors = inventory.guardDutyDetectors;
  const read = inventory.guardDutyFindings;
  const org = inventory.guardDutyOrganization;
  const d = detectors?.[0];
  const coverage: GuardDutyCoverageRow | undefined = detectors
    ? {
        region,
        detectorId: d?.detectorId ?? null,
        status: d ? d.status : "NONE",
        features: d?.features ?? null,
        malwareProtectionPlans: d?.malwareProtectionPlans ?? null,
        administratorAccountId: d?.administrator?.accountId ?? null,
        administratorRelationship: d?.administrator?.relationship ?? null,
        delegatedAdministrators: org?.managementAccount ? org.delegatedAdministrators : null,
        findingsMode: read?.mode ?? null,
        findingsReadAt: read?.mode === "own" ? date(read.readAt) : null,
      }
    : undefined;
  return { coverage, findings: (read?.findings ?? []).map((f) => guardDutyFindingRow(f, runId)) };
}
