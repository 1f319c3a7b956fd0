import type { Metadata } from "next";
import { connectSteps } from "@/components/connect-steps";
import { WhoseFilters } from "@/components/whose-filters";
import { Link } from "@/components/link";
import {
  Card,
  EmptyState,
  PageHeader,
  SeverityBadge,
  Stat,
  Table,
  Thead,
  buttonClass,
  formatDateTime,
  td,
} from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { CHANGES_DEFAULT_DAYS, CHANGES_LIST_LIMIT, changesQuery, type ChangesQuery } from "@/lib/contracts/changes";
import { getDb } from "@/lib/db";
import { listAccounts } from "@/lib/db/queries/accounts";
import { latestCollectionDay, listChanges, type ChangeRow } from "@/lib/db/queries/changes";
import { listTimelineTeams } from "@/lib/db/queries/timeline";
import {
  categoryChecks,
  categoryOf,
  changeCategories,
  changeKindLabels,
  changeKinds,
  type ChangeKind,
} from "@/lib/domain/changes";
import { investigationUrl } from "@/lib/domain/links";

export const metadata: Metadata = { title: "What changed" };

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The end of a UTC day: "the state on 3 Dec" is the state when 3 Dec ended. */
const endOf = (day: string) => new Date(Date.parse(day) + DAY_MS);

const kindHints: Record<ChangeKind, string> = {
  new: "first seen in the window and still there",
  resolved: "open or suppressed before, passing now",
  reopened: "resolved before, failing again",
  suppressed: "open before, suppressed now",
};

function Changes({ kind, rows }: { kind: ChangeKind; rows: ChangeRow[] }) {
  return (
    <section id={kind} aria-labelledby={`${kind}-heading`} className="space-y-2">
      <h2 id={`${kind}-heading`} className="text-base font-semibold">
        {changeKindLabels[kind]} <span className="text-sm font-normal text-slate-500">({kindHints[kind]})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">None.</p>
      ) : (
        <Table caption={`${changeKindLabels[kind]} findings`}>
          <Thead columns={["Severity", "Check", "Account", "Resource", "When"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((r) => (
              <tr key={r.findingId} data-testid="change-row" data-change={kind}>
                <td className={td}>
                  <SeverityBadge severity={r.severity} />
                </td>
                <td className="px-4 py-2.5 align-top">
                  <Link
                    href={`/findings/${r.findingId}`}
                    className="text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {r.title}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{r.checkId}</div>
                </td>
                <td className={td}>
                  {r.accountName} <span className="text-xs text-slate-500">({r.environment})</span>
                  <div className="text-xs text-slate-500">{r.region}</div>
                </td>
                <td className="max-w-md break-all px-4 py-2.5 align-top font-mono text-xs">{r.resourceId}</td>
                <td className={td}>{formatDateTime(r.at)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

export default async function ChangesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const parsed = changesQuery.safeParse(await searchParams);
  const q: ChangesQuery = parsed.success ? parsed.data : {};
  const db = await getDb();
  const filter = { scope: viewer.scope, account: q.account, team: q.team, environment: q.environment };
  // By default: now (the latest collection and any detection since) against a week before that collection.
  const latest = q.from ? null : await latestCollectionDay(db, filter);
  const to = q.to ? endOf(q.to) : new Date();
  const from = q.from ? endOf(q.from) : new Date((latest ?? to).getTime() - CHANGES_DEFAULT_DAYS * DAY_MS);
  const [accounts, teams, changes] = await Promise.all([
    listAccounts(db, viewer.scope),
    listTimelineTeams(db, { userId: viewer.user.id, all: viewer.role === "admin" }),
    from < to
      ? listChanges(db, { ...filter, from, to, attributeChecks: categoryChecks, limit: CHANGES_LIST_LIMIT })
      : { counts: { new: 0, resolved: 0, reopened: 0, suppressed: 0 }, rows: [] },
  ]);
  const total = changeKinds.reduce((n, k) => n + changes.counts[k], 0);
  const mattering = changes.rows.filter(
    (r) => (r.change === "new" || r.change === "reopened") && categoryOf(r.checkId) !== null,
  );
  const dateInput =
    "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

  return (
    <>
      <PageHeader
        title="What changed"
        description="Compare any two moments: findings new, resolved, reopened and suppressed between them, and the inventory changes that matter with the CloudTrail event and principal that made each, where one was read."
      />
      {!parsed.success && (
        <p
          role="alert"
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-200"
        >
          This link&apos;s dates or filters are not valid (
          {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); comparing the latest
          collection with a week before instead.
        </p>
      )}
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3" aria-label="Compare">
        <label className="text-sm">
          <span className="block text-xs text-slate-500 dark:text-slate-400">From the end of</span>
          <input type="date" name="from" defaultValue={isoDay(new Date(from.getTime() - 1))} className={dateInput} />
        </label>
        <label className="text-sm">
          <span className="block text-xs text-slate-500 dark:text-slate-400">To the end of</span>
          <input type="date" name="to" defaultValue={isoDay(new Date(to.getTime() - 1))} className={dateInput} />
        </label>
        <WhoseFilters accounts={accounts} teams={teams} value={q} />
        <button type="submit" className={buttonClass({ variant: "primary", size: "sm" })}>
          Compare
        </button>
      </form>
      {accounts.length === 0 ? (
        <EmptyState
          title="Nothing to compare yet"
          description="What changed compares collections of your accounts. Connect an organization or load the demo."
          steps={connectSteps}
        />
      ) : (
        <div className="space-y-6">
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="changes-window">
            {formatDateTime(from)}
            {latest && " (a week before the latest collection)"} → {formatDateTime(to)}
            {!q.to && " (now)"}: {total} finding{total === 1 ? "" : "s"} changed.
          </p>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            {changeKinds.map((k) => (
              <a key={k} href={`#${k}`} className="block hover:opacity-90" data-testid={`changes-count-${k}`}>
                <dl>
                  <Stat label={changeKindLabels[k]} value={changes.counts[k]} hint={kindHints[k]} />
                </dl>
              </a>
            ))}
          </div>
          <Card title="Inventory changes that matter">
            {mattering.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                No new IAM users or keys, admin grants, public buckets, rules open to the world or newly used regions in
                this window.
              </p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="changes-mattering">
                {mattering.map((r) => {
                  const category = changeCategories.find((c) => c.key === categoryOf(r.checkId))!;
                  const a = r.attribution;
                  return (
                    <li key={r.findingId} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2.5">
                      <span className="w-48 shrink-0 text-xs font-medium uppercase tracking-wide text-slate-500">
                        {category.label}
                      </span>
                      <span className="min-w-0 flex-1">
                        <Link
                          href={`/findings/${r.findingId}`}
                          className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                        >
                          {r.title}
                        </Link>{" "}
                        in {r.accountName} <span className="text-xs text-slate-500">({r.environment})</span>
                        <span className="block break-all font-mono text-xs text-slate-500">{r.resourceId}</span>
                      </span>
                      <span className="text-slate-600 dark:text-slate-400" data-testid="attribution">
                        {a ? (
                          <>
                            {a.eventName} by{" "}
                            <Link
                              href={investigationUrl(
                                a.accessKeyId ? { accessKeyId: a.accessKeyId } : { principal: a.principal ?? "" },
                              )}
                              className="text-indigo-700 hover:underline dark:text-indigo-300"
                            >
                              {a.principal ?? a.accessKeyId}
                            </Link>
                            {a.sourceIp && <> from {a.sourceIp}</>}, {formatDateTime(a.eventTime)}
                          </>
                        ) : (
                          "no CloudTrail event read for it"
                        )}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
          {total > changes.rows.length && (
            <p className="text-sm text-slate-500">
              Showing the {changes.rows.length} most severe of {total} changes; narrow the accounts or the dates to see
              the rest.
            </p>
          )}
          {changeKinds.map((k) => (
            <Changes key={k} kind={k} rows={changes.rows.filter((r) => r.change === k)} />
          ))}
        </div>
      )}
    </>
  );
}
