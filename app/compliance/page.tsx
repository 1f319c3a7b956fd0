import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { readCache } from "@/lib/db/read-cache";
import { listComplianceAccounts, listComplianceStats, listComplianceTrend } from "@/lib/db/queries/compliance";
import { complianceQuerySchema, controlsOf, frameworks, type ComplianceQuery } from "@/lib/compliance/frameworks";
import {
  complianceMatrix,
  countsByGroup,
  percentage,
  type ComplianceAccount,
  type ControlRow,
  type ControlStatus,
  type StatusCounts,
} from "@/lib/compliance/status";
import { connectSteps } from "@/components/connect-steps";
import { Link } from "@/components/link";
import { Card, EmptyState, PageHeader, Pill, Table, Thead, buttonClass, td } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { ComplianceTrendChart } from "./client";

/** Cells whose text wraps: the control's title and its checks (the status cells keep to one line). */
const wrapTd = "px-4 py-2.5 align-top";

export const metadata: Metadata = { title: "Compliance" };

const WINDOW_DAYS = 90;
const STATUS_LABEL: Record<ControlStatus, string> = {
  pass: "pass",
  fail: "fail",
  not_applicable: "n/a",
  not_collected: "not collected",
};
const STATUS_TONE = { pass: "good", fail: "bad", not_applicable: "neutral", not_collected: "warn" } as const;

const href = (q: ComplianceQuery, change: Partial<ComplianceQuery>) => {
  const next = { ...q, ...change };
  return `/compliance?framework=${next.framework}&by=${next.by}`;
};

function Counts({ c }: { c: StatusCounts }) {
  return (
    <span className="text-xs tabular-nums" title="pass · fail · not applicable · not collected">
      <span className="text-emerald-700 dark:text-emerald-300">{c.pass}</span>
      {" · "}
      <span className={c.fail > 0 ? "font-semibold text-red-700 dark:text-red-300" : "text-slate-500"}>{c.fail}</span>
      {" · "}
      <span className="text-slate-500">{c.not_applicable}</span>
      {" · "}
      <span className="text-amber-700 dark:text-amber-300">{c.not_collected}</span>
    </span>
  );
}

/** A control on one account; a failure links to the failing findings of its first failing check. */
function AccountCell({ row, account, failing }: { row: ControlRow; account: string; failing: string[] }) {
  const status = row.byAccount[account] ?? "not_collected";
  const pill = <Pill tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Pill>;
  if (status !== "fail" || failing.length === 0) return pill;
  return (
    <Link
      href={`/findings?check=${encodeURIComponent(failing[0]!)}&account=${account}&status=open`}
      title={`Failing: ${failing.join(", ")}`}
      data-testid="drill-down"
    >
      {pill}
    </Link>
  );
}

export default async function CompliancePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const parsed = complianceQuerySchema.safeParse(await searchParams);
  const q: ComplianceQuery = parsed.success ? parsed.data : complianceQuerySchema.parse({});
  const framework = frameworks[q.framework];
  const db = await getDb();
  const today = new Date().toISOString().slice(0, 10);
  const [accounts, stats, trend] = await readCache.read(
    db,
    { name: "compliance", scope: viewer.scope, params: [framework.name, WINDOW_DAYS, today] },
    () =>
      Promise.all([
        listComplianceAccounts(db, { scope: viewer.scope }),
        listComplianceStats(db, { scope: viewer.scope }),
        listComplianceTrend(db, { scope: viewer.scope, framework: framework.name, days: WINDOW_DAYS }),
      ]),
  );
  const rows = complianceMatrix(controlsOf(q.framework), accounts, stats);
  const failedBy = new Map(stats.filter((s) => s.failed > 0).map((s) => [`${s.accountId}/${s.checkId}`, true]));
  const failingChecks = (row: ControlRow, accountId: string) =>
    row.checks.filter((c) => failedBy.has(`${accountId}/${c}`));

  const groups: { key: string; label: string; members: (a: ComplianceAccount) => readonly string[] }[] =
    q.by === "account"
      ? accounts.map((a) => ({ key: a.id, label: a.name, members: (x) => (x.id === a.id ? [a.id] : []) }))
      : [...new Set(accounts.flatMap((a) => (q.by === "team" ? a.teams : [a.environment])))].sort().map((g) => ({
          key: g,
          label: g,
          members: (x) => ((q.by === "team" ? x.teams : [x.environment]).includes(g) ? [g] : []),
        }));

  const current = accounts.map((a) => {
    const judged = rows.filter((r) => r.checks.length > 0);
    const passed = judged.filter((r) => r.byAccount[a.id] === "pass").length;
    const failed = judged.filter((r) => r.byAccount[a.id] === "fail").length;
    return { ...a, passed, failed, pct: percentage(passed, failed) };
  });
  const byDay = new Map<string, Record<string, string | number | null>>();
  for (const p of trend) {
    const point = byDay.get(p.day) ?? { day: p.day };
    point[p.accountId] = percentage(p.passed, p.failed);
    byDay.set(p.day, point);
  }
  const automated = rows.filter((r) => r.assessment === "automated");

  return (
    <>
      <PageHeader
        title="Compliance"
        description={`${framework.label}: each control with its checks and where it passes, fails, does not apply or was not collected.`}
        actions={
          <a
            className={buttonClass({ size: "sm" })}
            href={`/api/compliance/export?framework=${q.framework}&by=${q.by}`}
            data-testid="compliance-export"
          >
            Export CSV
          </a>
        }
      />
      <nav className="mb-4 flex flex-wrap items-center gap-2 text-sm" aria-label="Framework and grouping">
        {Object.values(frameworks).map((f) => (
          <Link
            key={f.key}
            href={href(q, { framework: f.key })}
            aria-current={f.key === q.framework ? "page" : undefined}
            className={buttonClass({ size: "sm", variant: f.key === q.framework ? "primary" : "secondary" })}
          >
            {f.label}
          </Link>
        ))}
        <span className="ml-4 text-slate-500">Counts per</span>
        {(["account", "environment", "team"] as const).map((by) => (
          <Link
            key={by}
            href={href(q, { by })}
            aria-current={by === q.by ? "page" : undefined}
            className={buttonClass({ size: "sm", variant: by === q.by ? "primary" : "secondary" })}
          >
            {by}
          </Link>
        ))}
      </nav>
      {accounts.length === 0 ? (
        <EmptyState
          title="No accounts to assess"
          description="Compliance is computed from each account's latest collection. Connect an organization or load the demo to see it."
          steps={connectSteps}
        />
      ) : (
        <div className="space-y-6">
          <div className="grid gap-6 xl:grid-cols-2">
            <Card title="Controls passed per account (of those judged)">
              <ul className="space-y-1 text-sm" data-testid="compliance-summary">
                {current.map((a) => (
                  <li key={a.id} className="flex items-center justify-between gap-4">
                    <span>
                      {a.name} <span className="font-mono text-xs text-slate-500">{a.id}</span>
                    </span>
                    <span className="tabular-nums">
                      {a.pct === null ? (
                        <span className="text-slate-400">not collected</span>
                      ) : (
                        <>
                          <strong>{a.pct}%</strong>
                          <span className="text-xs text-slate-500">
                            {" "}
                            ({a.passed} pass, {a.failed} fail)
                          </span>
                        </>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
            <Card title={`Over the last ${WINDOW_DAYS} days`}>
              {byDay.size === 0 ? (
                <p className="text-sm text-slate-500">No daily history yet: each collection adds a day.</p>
              ) : (
                <ComplianceTrendChart points={[...byDay.values()]} accounts={accounts} />
              )}
            </Card>
          </div>
          <p className="text-sm text-slate-500">
            {automated.length} automated and {rows.length - automated.length} manual controls;{" "}
            {rows.filter((r) => r.checks.length > 0).length} evaluated by checks.
            {q.by !== "account" && " Cells count accounts: pass · fail · not applicable · not collected."}
          </p>
          <Table caption={`${framework.label} controls`}>
            <Thead columns={["Control", "Checks", ...groups.map((g) => g.label)]} />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((r) => {
                const grouped =
                  q.by === "account"
                    ? null
                    : countsByGroup(r, accounts, (a) => (q.by === "team" ? a.teams : [a.environment]));
                return (
                  <tr key={r.id} data-testid="control-row" data-control={r.id}>
                    <td className={wrapTd}>
                      <div className="flex min-w-80 max-w-md items-start gap-2">
                        <span className="w-10 shrink-0 font-mono text-xs leading-5">{r.id}</span>
                        <span className="min-w-0 flex-1">{r.title}</span>
                        {r.assessment === "manual" && <Pill>manual</Pill>}
                      </div>
                    </td>
                    <td className={`${wrapTd} font-mono text-xs leading-5`}>
                      {r.checks.length === 0 ? (
                        <span className="text-slate-400">—</span>
                      ) : (
                        <ul>
                          {r.checks.map((c) => (
                            <li key={c} className="whitespace-nowrap">
                              {c}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    {groups.map((g) => (
                      <td key={g.key} className={td}>
                        {grouped ? (
                          grouped[g.key] ? (
                            <Counts c={grouped[g.key]!} />
                          ) : null
                        ) : (
                          <AccountCell row={r} account={g.key} failing={failingChecks(r, g.key)} />
                        )}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      )}
    </>
  );
}
