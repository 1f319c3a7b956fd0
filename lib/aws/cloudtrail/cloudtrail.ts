import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type GetEventSelectorsCommandOutput,
  paginateListTrails,
  type CloudTrailClient,
  type Trail,
} from "@aws-sdk/client-cloudtrail";
import { throwIfDeadline } from "../errors";
import type { CloudTrailTrail, TrailEventSelectors } from "./types";

const list = (v: string[] | undefined) => (v && v.length > 0 ? v : undefined);

export function toEventSelectors(out: GetEventSelectorsCommandOutput): TrailEventSelectors {
  return {
    basic: (out.EventSelectors ?? []).map((e) => ({
      readWriteType: e.ReadWriteType ?? "All",
      includeManagementEvents: e.IncludeManagementEvents !== false,
      excludeManagementEventSources: e.ExcludeManagementEventSources ?? [],
      dataResources: (e.DataResources ?? []).map((d) => ({ type: d.Type ?? "", values: d.Values ?? [] })),
    })),
    advanced: (out.AdvancedEventSelectors ?? []).map((a) => ({
      name: a.Name,
      fieldSelectors: (a.FieldSelectors ?? []).map((f) => ({
        field: f.Field ?? "",
        equals: list(f.Equals),
        notEquals: list(f.NotEquals),
        startsWith: list(f.StartsWith),
        notStartsWith: list(f.NotStartsWith),
        endsWith: list(f.EndsWith),
        notEndsWith: list(f.NotEndsWith),
      })),
    })),
  };
}

// A member account may not be allowed to read an organization trail's selectors: that trail is
// then judged in the management account, where they can be read.
const SELECTORS_UNREADABLE = new Set([
  "TrailNotFoundException",
  "AccessDeniedException",
  "CloudTrailARNInvalidException",
  "UnsupportedOperationException",
  "OperationNotPermittedException",
]);

const accountOfArn = (arn: string) => arn.split(":")[4] ?? "";

/**
 * Every trail that applies to the account, read from the home region. DescribeTrails with shadow
 * trails covers home-region, multi-region and organization trails; a single-region trail created in
 * another region only shows in ListTrails, and is then described by ARN.
 */
export async function listCloudTrails(cloudtrail: CloudTrailClient, signal?: AbortSignal): Promise<CloudTrailTrail[]> {
  const opts = { abortSignal: signal };
  // DescribeTrails is not paginated.
  const described: Trail[] =
    (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }), opts)).trailList ?? [];
  const known = new Set(described.map((t) => t.TrailARN));
  const elsewhere: string[] = [];
  for await (const page of paginateListTrails({ client: cloudtrail }, {})) {
    throwIfDeadline(signal);
    for (const t of page.Trails ?? []) if (t.TrailARN && !known.has(t.TrailARN)) elsewhere.push(t.TrailARN);
  }
  if (elsewhere.length > 0) {
    described.push(
      ...((
        await cloudtrail.send(new DescribeTrailsCommand({ trailNameList: elsewhere, includeShadowTrails: true }), opts)
      ).trailList ?? []),
    );
  }

  const seen = new Set<string>();
  const trails: CloudTrailTrail[] = [];
  for (const t of described) {
    const arn = t.TrailARN;
    if (!arn || seen.has(arn)) continue;
    seen.add(arn);
    let isLogging: boolean | null;
    try {
      // Asked by ARN: a trail from another region (or a shadow trail) is only found that way.
      isLogging = (await cloudtrail.send(new GetTrailStatusCommand({ Name: arn }), opts)).IsLogging ?? null;
    } catch (err) {
      if ((err as { name?: string }).name !== "TrailNotFoundException") throw err;
      isLogging = null;
    }
    let eventSelectors: TrailEventSelectors | null;
    try {
      eventSelectors = toEventSelectors(await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn }), opts));
    } catch (err) {
      if (!SELECTORS_UNREADABLE.has((err as { name?: string }).name ?? "")) throw err;
      eventSelectors = null;
    }
    trails.push({
      name: t.Name ?? arn,
      arn,
      ownerAccountId: accountOfArn(arn),
      homeRegion: t.HomeRegion ?? "",
      isMultiRegion: t.IsMultiRegionTrail === true,
      isOrganizationTrail: t.IsOrganizationTrail === true,
      s3BucketName: t.S3BucketName,
      logFileValidationEnabled: t.LogFileValidationEnabled === true,
      kmsKeyId: t.KmsKeyId,
      isLogging,
      eventSelectors,
    });
  }
  return trails;
}
