import { auditAs, route } from "@/lib/auth/server";
import { auditQuerySchema, toAuditFilter } from "@/lib/audit-search";
import { toCsv } from "@/lib/csv";
import { listAudit } from "@/lib/db/queries/audit";

const MAX_ROWS = 10_000;
const HEADER = [
  "id",
  "occurred_at",
  "actor_email",
  "actor_id",
  "action",
  "outcome",
  "target_type",
  "target_id",
  "ip",
  "details",
];

/** The audit log's filtered entries as CSV, newest first, at most 10,000 rows. */
export const GET = route({ needs: "admin", query: auditQuerySchema }, async ({ viewer, db, query }) => {
  const now = new Date();
  const rows = await listAudit(db, toAuditFilter(query, now, MAX_ROWS));
  const body = toCsv(
    HEADER,
    rows.map((r) => [
      r.id,
      r.occurredAt.toISOString(),
      r.actorEmail,
      r.actorId,
      r.action,
      r.outcome,
      r.targetType,
      r.targetId,
      r.ip,
      JSON.stringify(r.details),
    ]),
  );
  // Reading the whole log out is itself worth a line in it.
  await auditAs(db, viewer, {
    action: "audit.export",
    outcome: "success",
    details: { rows: rows.length, truncated: rows.length === MAX_ROWS, filters: { ...query } },
  });
  const stamp = now.toISOString().slice(0, 19).replaceAll(":", "").replace("T", "-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="posture-audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Posture-Truncated": String(rows.length === MAX_ROWS),
    },
  });
});
