import type { Metadata } from "next";
import { Link } from "@/components/link";
import { Button, buttonClass, EmptyState, Input, PageHeader, Pill, Select, Table, Thead, td } from "@/components/ui";
import {
  auditActionPrefixes,
  auditPeriods,
  auditSearchQuery,
  parseAuditSearch,
  toAuditFilter,
  type AuditPeriod,
} from "@/lib/audit-search";
import { requirePage } from "@/lib/auth/server";
import { getDb } from "@/lib/db";
import { auditOutcomes, type AuditOutcome } from "@/lib/domain/vocabulary";
import { nameAuditTargets } from "@/lib/db/queries/admin-users";
import { listAudit } from "@/lib/db/queries/audit";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

const actionLabels: Record<(typeof auditActionPrefixes)[number], string> = {
  "auth.": "Sign-in",
  "user.": "Users",
  "team.": "Teams",
  "session.": "Sessions",
  "settings.": "Settings",
  "collection.": "Collection",
  "demo.": "Demo",
  "audit.": "Audit export",
};
const periodLabels: Record<AuditPeriod, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "All time",
};
const outcomeTone: Record<AuditOutcome, "good" | "warn" | "bad"> = { success: "good", denied: "warn", error: "bad" };

function time(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 19);
}

function compact(details: Record<string, unknown>): string {
  return Object.keys(details).length === 0 ? "" : JSON.stringify(details);
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePage("admin");
  const { search, ignored } = parseAuditSearch(await searchParams);
  const db = await getDb();
  const rows = await listAudit(db, toAuditFilter(search, new Date(), PAGE_SIZE + 1));
  const page = rows.slice(0, PAGE_SIZE);
  const older = rows.length > PAGE_SIZE ? page.at(-1)!.id : null;
  const names = await nameAuditTargets(
    db,
    page.map((r) => ({ type: r.targetType, id: r.targetId })),
  );
  const filters = { ...search, before: undefined };
  const filtered = Boolean(search.action || search.outcome || search.actor || search.since !== "all");

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, denied attempt and change made in this dashboard, newest first. Times are UTC."
        actions={
          <a href={`/api/audit/export${auditSearchQuery(filters)}`} download className={buttonClass()}>
            Export CSV
          </a>
        }
      />
      <form
        method="get"
        action="/settings/audit"
        aria-label="Filter the audit log"
        className="mb-4 flex flex-wrap items-end gap-3 text-sm"
      >
        <label>
          <span className="text-slate-600 dark:text-slate-400">Action</span>
          <Select name="action" defaultValue={search.action ?? ""} className="mt-1 block">
            <option value="">Any action</option>
            {auditActionPrefixes.map((p) => (
              <option key={p} value={p}>
                {actionLabels[p]} ({p}*)
              </option>
            ))}
          </Select>
        </label>
        <label>
          <span className="text-slate-600 dark:text-slate-400">Outcome</span>
          <Select name="outcome" defaultValue={search.outcome ?? ""} className="mt-1 block">
            <option value="">Any outcome</option>
            {auditOutcomes.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </label>
        <label>
          <span className="text-slate-600 dark:text-slate-400">Actor e-mail contains</span>
          <Input
            name="actor"
            type="search"
            maxLength={200}
            defaultValue={search.actor ?? ""}
            placeholder="alice@"
            className="mt-1 block w-56"
          />
        </label>
        <label>
          <span className="text-slate-600 dark:text-slate-400">Since</span>
          <Select name="since" defaultValue={search.since} className="mt-1 block">
            {(Object.keys(auditPeriods) as AuditPeriod[]).map((p) => (
              <option key={p} value={p}>
                {periodLabels[p]}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="primary">
          Apply
        </Button>
        {(filtered || search.before) && (
          <Link
            href="/settings/audit"
            className="py-1.5 font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          >
            Clear filters
          </Link>
        )}
      </form>
      {ignored.length > 0 && (
        <p
          role="status"
          data-testid="audit-ignored"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
        >
          Ignored {ignored.length === 1 ? "a filter value" : "filter values"} that could not be understood:{" "}
          {ignored.join(", ")}.
        </p>
      )}
      {page.length === 0 ? (
        <EmptyState
          title={
            search.before ? "No older entries" : filtered ? "No entries match these filters" : "The audit log is empty"
          }
          description={
            filtered || search.before
              ? "Nothing was recorded that matches. Widen the period or clear a filter."
              : "Sign-ins and changes are recorded here as they happen."
          }
          steps={
            filtered || search.before
              ? [
                  {
                    title: "Show everything",
                    body: "Clear the filters to see the whole log, newest first.",
                    href: "/settings/audit",
                    linkLabel: "Clear filters",
                  },
                ]
              : []
          }
        />
      ) : (
        <>
          <Table caption="Audit log entries">
            <Thead columns={["Time (UTC)", "Actor", "Action", "Outcome", "Target", "Address", "Details"]} />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {page.map((r) => {
                const details = compact(r.details);
                const targetName = r.targetType && r.targetId ? names.get(`${r.targetType}:${r.targetId}`) : undefined;
                return (
                  <tr key={r.id} data-testid="audit-row">
                    <td className={`${td} font-mono text-xs tabular-nums`}>{time(r.occurredAt)}</td>
                    <td className={td}>{r.actorEmail ?? <span className="text-slate-500">anonymous</span>}</td>
                    <td className={`${td} font-mono text-xs`}>{r.action}</td>
                    <td className={td}>
                      <Pill tone={outcomeTone[r.outcome]}>{r.outcome}</Pill>
                    </td>
                    <td className={td}>
                      {r.targetType ? (
                        <>
                          <span className="text-xs text-slate-500">{r.targetType}</span>{" "}
                          {targetName ?? (
                            <span
                              className="inline-block max-w-[12rem] truncate align-bottom font-mono text-xs"
                              title={r.targetId ?? undefined}
                            >
                              {r.targetId}
                            </span>
                          )}
                        </>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </td>
                    <td className={`${td} font-mono text-xs`}>{r.ip ?? <span className="text-slate-400">—</span>}</td>
                    <td className="px-4 py-2.5 align-top">
                      {details ? (
                        <code
                          className="line-clamp-2 block min-w-48 max-w-sm break-all font-mono text-xs text-slate-700 dark:text-slate-300"
                          title={details}
                        >
                          {details}
                        </code>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <nav aria-label="Audit log pages" className="mt-4 flex items-center justify-between text-sm">
            <span className="text-slate-500 dark:text-slate-400">
              {page.length} {page.length === 1 ? "entry" : "entries"}, {time(page.at(-1)!.occurredAt)} to{" "}
              {time(page[0]!.occurredAt)} UTC
            </span>
            <span className="flex gap-4">
              {search.before && (
                <Link
                  href={`/settings/audit${auditSearchQuery(filters)}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  ← Newest entries
                </Link>
              )}
              {older && (
                <Link
                  href={`/settings/audit${auditSearchQuery({ ...search, before: older })}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  Older entries →
                </Link>
              )}
            </span>
          </nav>
        </>
      )}
    </>
  );
}
