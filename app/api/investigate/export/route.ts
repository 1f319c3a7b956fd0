import { auditAs, route } from "@/lib/auth/server";
import { INVESTIGATION_DAYS, INVESTIGATION_MAX_ROWS, investigateQuery } from "@/lib/contracts/investigate";
import { problem } from "@/lib/contracts/errors";
import { toCsv } from "@/lib/csv";
import { listSubjectEvents } from "@/lib/db/queries/activity";

const HEADER = [
  "time",
  "user_name",
  "access_key_id",
  "account_id",
  "region",
  "service",
  "action",
  "source_ip",
  "user_agent",
  "error_code",
  "principal_arn",
  "event_id",
];

/** An investigation's filtered events as CSV (the columns responders use), oldest first. */
export const GET = route({ needs: "viewer", query: investigateQuery }, async ({ viewer, db, query }) => {
  if (!query.q) return problem("invalid-input", "Say whom to investigate.", { fields: { q: ["is required"] } });
  const now = new Date();
  const rows = await listSubjectEvents(db, {
    scope: viewer.scope,
    filter: {
      q: query.q,
      since: new Date(now.getTime() - INVESTIGATION_DAYS * 86_400_000),
      accountIds: query.account ? [query.account] : undefined,
      regions: query.region ? [query.region] : undefined,
      services: query.service ? [query.service] : undefined,
      failedOnly: query.failed === "1",
    },
    limit: INVESTIGATION_MAX_ROWS,
  });
  await auditAs(db, viewer, {
    action: "investigation.export",
    outcome: "success",
    target: { type: "principal", id: query.q },
    details: { rows: rows.length, filters: { ...query } },
  });
  const body = toCsv(
    HEADER,
    rows.map((r) => [
      r.eventTime.toISOString(),
      r.userName,
      r.accessKeyId,
      r.accountId,
      r.region,
      r.eventSource,
      r.eventName,
      r.sourceIp,
      r.userAgent,
      r.errorCode,
      r.principalArn,
      r.id,
    ]),
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="posture-investigation.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Posture-Truncated": String(rows.length === INVESTIGATION_MAX_ROWS),
    },
  });
});
