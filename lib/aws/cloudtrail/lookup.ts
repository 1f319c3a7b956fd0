import { LookupEventsCommand, type CloudTrailClient, type Event } from "@aws-sdk/client-cloudtrail";
import { throwIfDeadline } from "../errors";
import type { LookupAttribute, TrailEvent } from "./types";

/** LookupEvents' documented limit: 2 requests a second per account and region (every caller shares it). */
export const LOOKUP_EVENTS_RATE = 2;

type Logged = {
  eventID?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  readOnly?: boolean;
  requestParameters?: Record<string, unknown> | null;
  userIdentity?: { type?: string; arn?: string; userName?: string; accessKeyId?: string };
};

function parseLogged(text: string | undefined): Logged {
  if (!text) return {};
  try {
    return JSON.parse(text) as Logged;
  } catch {
    return {};
  }
}

/** Maps one LookupEvents entry; the logged record (CloudTrailEvent) has what the summary leaves out. */
export function toTrailEvent(e: Event, region: string): TrailEvent | null {
  if (!e.EventId || !e.EventTime || !e.EventName) return null;
  const logged = parseLogged(e.CloudTrailEvent);
  const who = logged.userIdentity ?? {};
  return {
    id: e.EventId,
    time: e.EventTime,
    name: e.EventName,
    source: e.EventSource ?? "",
    region: logged.awsRegion ?? region,
    accountId: logged.recipientAccountId,
    userName: e.Username ?? who.userName,
    accessKeyId: e.AccessKeyId ?? who.accessKeyId,
    principalArn: who.arn,
    principalType: who.type,
    sourceIp: logged.sourceIPAddress,
    userAgent: logged.userAgent,
    errorCode: logged.errorCode,
    readOnly: typeof logged.readOnly === "boolean" ? logged.readOnly : e.ReadOnly === "true" ? true : undefined,
    requestParameters: logged.requestParameters ?? undefined,
  };
}

/**
 * Management events of one region matching one attribute (or all) in [start, end), every page (50 events
 * each). Each page is one request against the 2/s limit: the client's pacer spaces them.
 */
export async function lookupEvents(
  cloudtrail: CloudTrailClient,
  params: { region: string; attribute?: LookupAttribute; start: Date; end: Date; maxPages?: number },
  signal?: AbortSignal,
): Promise<TrailEvent[]> {
  return (await lookupEventPages(cloudtrail, params, signal)).events;
}

/** lookupEvents, also telling whether it stopped at `maxPages` with more events left (newest first: older ones). */
export async function lookupEventPages(
  cloudtrail: CloudTrailClient,
  params: { region: string; attribute?: LookupAttribute; start: Date; end: Date; maxPages?: number },
  signal?: AbortSignal,
): Promise<{ events: TrailEvent[]; capped: boolean; pages: number }> {
  const out: TrailEvent[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    throwIfDeadline(signal);
    const page = await cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: params.attribute
          ? [{ AttributeKey: params.attribute.key, AttributeValue: params.attribute.value }]
          : undefined,
        StartTime: params.start,
        EndTime: params.end,
        MaxResults: 50,
        NextToken: token,
      }),
      { abortSignal: signal },
    );
    for (const e of page.Events ?? []) {
      const mapped = toTrailEvent(e, params.region);
      if (mapped) out.push(mapped);
    }
    token = page.NextToken;
    pages += 1;
  } while (token && pages < (params.maxPages ?? 100));
  return { events: out, capped: Boolean(token), pages };
}
