import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  ListFindingsCommand,
  ListMalwareProtectionPlansCommand,
  ListOrganizationAdminAccountsCommand,
  paginateListDetectors,
  type Finding,
  type GuardDutyClient,
} from "@aws-sdk/client-guardduty";
import { classifyAwsError, throwIfDeadline } from "../errors";
import type {
  GuardDutyAction,
  GuardDutyDetector,
  GuardDutyFinding,
  GuardDutyFindingsRead,
  GuardDutySequence,
} from "./types";

/** Runs a secondary read; only AccessDenied (a role without that action) leaves its field unknown. */
async function unlessDenied<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (classifyAwsError(err).code === "AccessDenied") return undefined;
    throw err;
  }
}

/**
 * The region's GuardDuty detectors (at most one per account and region): status, protection plans,
 * S3 malware protection plans and the administrator account managing it.
 */
export async function listGuardDutyDetectors(
  guardduty: GuardDutyClient,
  signal?: AbortSignal,
): Promise<GuardDutyDetector[]> {
  const ids: string[] = [];
  for await (const page of paginateListDetectors({ client: guardduty }, {})) {
    throwIfDeadline(signal);
    ids.push(...(page.DetectorIds ?? []));
  }
  if (ids.length === 0) return [];
  const plans = unlessDenied(() => countMalwareProtectionPlans(guardduty, signal));
  const detectors = await Promise.all(
    ids.map(async (detectorId): Promise<GuardDutyDetector> => {
      const [d, admin] = await Promise.all([
        guardduty.send(new GetDetectorCommand({ DetectorId: detectorId }), { abortSignal: signal }),
        unlessDenied(() =>
          guardduty.send(new GetAdministratorAccountCommand({ DetectorId: detectorId }), { abortSignal: signal }),
        ),
      ]);
      const administrator = admin?.Administrator?.AccountId
        ? { accountId: admin.Administrator.AccountId, relationship: admin.Administrator.RelationshipStatus ?? "" }
        : undefined;
      return {
        detectorId,
        status: d.Status ?? "UNKNOWN",
        findingPublishingFrequency: d.FindingPublishingFrequency,
        ...(d.Features
          ? {
              features: d.Features.map((f) => ({
                name: f.Name ?? "UNKNOWN",
                status: f.Status ?? "UNKNOWN",
                ...(f.AdditionalConfiguration?.length
                  ? {
                      additional: f.AdditionalConfiguration.map((a) => ({
                        name: a.Name ?? "UNKNOWN",
                        status: a.Status ?? "UNKNOWN",
                      })),
                    }
                  : {}),
              })),
            }
          : {}),
        ...(administrator ? { administrator } : {}),
      };
    }),
  );
  const planCount = await plans;
  return planCount === undefined ? detectors : detectors.map((d) => ({ ...d, malwareProtectionPlans: planCount }));
}

async function countMalwareProtectionPlans(guardduty: GuardDutyClient, signal?: AbortSignal): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    throwIfDeadline(signal);
    const page = await guardduty.send(new ListMalwareProtectionPlansCommand({ NextToken: token }), {
      abortSignal: signal,
    });
    count += page.MalwareProtectionPlans?.length ?? 0;
    token = page.NextToken;
  } while (token);
  return count;
}

/** The organization's delegated GuardDuty administrators in this region (management account only). */
export async function listOrganizationAdmins(guardduty: GuardDutyClient, signal?: AbortSignal): Promise<string[]> {
  const admins: string[] = [];
  let token: string | undefined;
  do {
    throwIfDeadline(signal);
    const page = await guardduty.send(new ListOrganizationAdminAccountsCommand({ NextToken: token }), {
      abortSignal: signal,
    });
    for (const a of page.AdminAccounts ?? [])
      if (a.AdminAccountId && a.AdminStatus === "ENABLED") admins.push(a.AdminAccountId);
    token = page.NextToken;
  } while (token);
  return admins;
}

export { guardDutySeverityLabel } from "@/lib/domain/guardduty";

export const FINDINGS_PAGE = 50;
/** GuardDuty's updatedAt can trail its visibility by a little: each incremental read overlaps the last. */
export const FINDINGS_OVERLAP_MS = 5 * 60_000;

/**
 * Reads a detector's findings (every member's too when it is their administrator): ListFindings 50 a
 * page, since `since` on updatedAt when given, then GetFindings in batches of 50.
 */
export async function readGuardDutyFindings(
  guardduty: GuardDutyClient,
  params: { detectorId: string; since?: Date; now: Date; signal?: AbortSignal },
): Promise<GuardDutyFindingsRead> {
  const { detectorId, signal } = params;
  const readAt = params.now.toISOString();
  const criteria = params.since
    ? {
        FindingCriteria: {
          Criterion: { updatedAt: { GreaterThanOrEqual: params.since.getTime() - FINDINGS_OVERLAP_MS } },
        },
      }
    : {};
  const ids: string[] = [];
  const calls = { listFindings: 0, getFindings: 0 };
  let token: string | undefined;
  do {
    throwIfDeadline(signal);
    const page = await guardduty.send(
      new ListFindingsCommand({ DetectorId: detectorId, MaxResults: FINDINGS_PAGE, NextToken: token, ...criteria }),
      { abortSignal: signal },
    );
    calls.listFindings += 1;
    ids.push(...(page.FindingIds ?? []));
    token = page.NextToken || undefined;
  } while (token);
  const findings: GuardDutyFinding[] = [];
  for (let i = 0; i < ids.length; i += FINDINGS_PAGE) {
    throwIfDeadline(signal);
    const got = await guardduty.send(
      new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids.slice(i, i + FINDINGS_PAGE) }),
      { abortSignal: signal },
    );
    calls.getFindings += 1;
    for (const f of got.Findings ?? []) findings.push(toGuardDutyFinding(f, detectorId));
  }
  return {
    mode: "own",
    detectorId,
    ...(params.since ? { since: params.since.toISOString() } : {}),
    readAt,
    findings,
    calls,
  };
}

const tagsOf = (tags?: { Key?: string; Value?: string }[]) =>
  Object.fromEntries((tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? ""]));
const iso = (d?: Date | string) => (d === undefined ? undefined : new Date(d).toISOString());
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;

function actionOf(f: Finding): GuardDutyAction | undefined {
  const a = f.Service?.Action;
  if (!a) return undefined;
  const api = a.AwsApiCallAction;
  const net = a.NetworkConnectionAction;
  const probe = a.PortProbeAction?.PortProbeDetails?.[0];
  const k8s = a.KubernetesApiCallAction;
  const rds = a.RdsLoginAttemptAction;
  const ip = api?.RemoteIpDetails ?? net?.RemoteIpDetails ?? probe?.RemoteIpDetails ?? k8s?.RemoteIpDetails;
  const rdsIp = rds?.RemoteIpDetails;
  return compact({
    type: a.ActionType,
    api: api?.Api ?? (k8s?.Verb && k8s.RequestUri ? `${k8s.Verb} ${k8s.RequestUri}` : undefined),
    serviceName: api?.ServiceName,
    callerType: api?.CallerType,
    errorCode: api?.ErrorCode,
    remoteIp: ip?.IpAddressV4 ?? ip?.IpAddressV6 ?? rdsIp?.IpAddressV4 ?? rdsIp?.IpAddressV6,
    country: ip?.Country?.CountryName ?? rdsIp?.Country?.CountryName,
    city: ip?.City?.CityName,
    asn: ip?.Organization?.Asn,
    asnOrg: ip?.Organization?.AsnOrg,
    org: ip?.Organization?.Org,
    isp: ip?.Organization?.Isp,
    userAgent: api?.UserAgent ?? k8s?.UserAgent,
    port: net?.RemotePortDetails?.Port ?? probe?.LocalPortDetails?.Port,
    protocol: net?.Protocol ?? a.DnsRequestAction?.Protocol,
    domain: a.DnsRequestAction?.Domain ?? api?.DomainDetails?.Domain,
    direction: net?.ConnectionDirection,
  });
}

function resourceOf(f: Finding): GuardDutyFinding["resource"] {
  const r = f.Resource;
  const bucket = r?.S3BucketDetails?.[0];
  const i = r?.InstanceDetails;
  const id =
    i?.InstanceId ??
    bucket?.Name ??
    r?.EksClusterDetails?.Name ??
    r?.LambdaDetails?.FunctionName ??
    r?.RdsDbInstanceDetails?.DbInstanceIdentifier ??
    r?.EcsClusterDetails?.Name ??
    r?.AccessKeyDetails?.AccessKeyId;
  const arn =
    bucket?.Arn ??
    r?.EksClusterDetails?.Arn ??
    r?.LambdaDetails?.FunctionArn ??
    r?.EcsClusterDetails?.Arn ??
    r?.RdsDbInstanceDetails?.DbInstanceArn ??
    (i?.InstanceId ? `arn:aws:ec2:${f.Region}:${f.AccountId}:instance/${i.InstanceId}` : undefined);
  const tags = tagsOf(i?.Tags ?? bucket?.Tags ?? r?.EksClusterDetails?.Tags ?? r?.LambdaDetails?.Tags);
  return compact({ type: r?.ResourceType, id, arn, tags });
}

function sequenceOf(f: Finding): GuardDutySequence | undefined {
  const s = f.Service?.Detection?.Sequence;
  if (!s?.Uid) return undefined;
  return {
    uid: s.Uid,
    description: s.Description ?? "",
    signals: (s.Signals ?? []).map((g) =>
      compact({
        uid: g.Uid ?? "",
        type: g.Type ?? "UNKNOWN",
        name: g.Name ?? "",
        description: g.Description,
        firstSeenAt: iso(g.FirstSeenAt),
        lastSeenAt: iso(g.LastSeenAt),
        severity: g.Severity,
        count: g.Count,
        resourceUids: g.ResourceUids ?? [],
        actorIds: g.ActorIds ?? [],
        endpointIds: g.EndpointIds ?? [],
      }),
    ),
    actors: (s.Actors ?? []).map((a) =>
      compact({
        id: a.Id ?? "",
        userName: a.User?.Name,
        userType: a.User?.Type,
        credentialUid: a.User?.CredentialUid,
        mfa: a.Session?.MfaStatus,
      }),
    ),
    endpoints: (s.Endpoints ?? []).map((e) =>
      compact({
        id: e.Id ?? "",
        ip: e.Ip,
        domain: e.Domain,
        country: e.Location?.Country,
        city: e.Location?.City,
        asn: e.AutonomousSystem ? `AS${e.AutonomousSystem.Number} ${e.AutonomousSystem.Name}` : undefined,
      }),
    ),
    resources: (s.Resources ?? []).map((r) =>
      compact({ uid: r.Uid ?? "", name: r.Name, type: r.ResourceType, accountId: r.AccountId, region: r.Region }),
    ),
    indicators: (s.SequenceIndicators ?? []).map((x) => ({ key: x.Key ?? "", values: x.Values ?? [] })),
  };
}

/** A GetFindings entry as a plain finding; `raw` keeps everything GuardDuty said (no credentials in findings). */
export function toGuardDutyFinding(f: Finding, detectorId: string): GuardDutyFinding {
  const key = f.Resource?.AccessKeyDetails;
  const sequence = sequenceOf(f);
  const updatedAt = iso(f.UpdatedAt) ?? new Date(0).toISOString();
  const createdAt = iso(f.CreatedAt) ?? updatedAt;
  return {
    id: f.Id ?? "",
    arn: f.Arn ?? "",
    accountId: f.AccountId ?? "",
    region: f.Region ?? "",
    detectorId: f.Service?.DetectorId ?? detectorId,
    type: f.Type ?? "Unknown",
    title: f.Title ?? f.Type ?? "GuardDuty finding",
    ...compact({ description: f.Description }),
    severity: f.Severity ?? 0,
    createdAt,
    updatedAt,
    firstSeenAt: iso(f.Service?.EventFirstSeen) ?? createdAt,
    lastSeenAt: iso(f.Service?.EventLastSeen) ?? updatedAt,
    count: f.Service?.Count ?? 1,
    archived: f.Service?.Archived ?? false,
    resource: resourceOf(f),
    ...compact({
      action: actionOf(f),
      accessKeyId: key?.AccessKeyId,
      principalId: key?.PrincipalId,
      userName: key?.UserName,
      userType: key?.UserType,
      sequence,
    }),
    raw: JSON.parse(JSON.stringify(f)),
  };
}
