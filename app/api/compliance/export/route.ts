import { auditAs, route } from "@/lib/auth/server";
import { complianceQuerySchema, controlsOf, frameworks } from "@/lib/compliance/frameworks";
import { complianceMatrix } from "@/lib/compliance/status";
import { toCsv } from "@/lib/csv";
import { listComplianceAccounts, listComplianceStats } from "@/lib/db/queries/compliance";

const HEADER = [
  "framework",
  "control",
  "title",
  "assessment",
  "checks",
  "account_id",
  "account_name",
  "environment",
  "teams",
  "status",
];

/** Every control's status on every account in the viewer's scope, one row per control and account. */
export const GET = route({ needs: "viewer", query: complianceQuerySchema }, async ({ viewer, db, query }) => {
  const framework = frameworks[query.framework];
  const [accounts, stats] = await Promise.all([
    listComplianceAccounts(db, { scope: viewer.scope }),
    listComplianceStats(db, { scope: viewer.scope }),
  ]);
  const rows = complianceMatrix(controlsOf(query.framework), accounts, stats);
  const body = toCsv(
    HEADER,
    rows.flatMap((r) =>
      accounts.map((a) => [
        framework.name,
        r.id,
        r.title,
        r.assessment,
        r.checks.join(" "),
        a.id,
        a.name,
        a.environment,
        a.teams.join(" "),
        r.byAccount[a.id] ?? "not_collected",
      ]),
    ),
  );
  await auditAs(db, viewer, {
    action: "compliance.export",
    outcome: "success",
    details: { framework: query.framework, controls: rows.length, accounts: accounts.length },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="posture-${query.framework}-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
