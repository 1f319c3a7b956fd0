import type { Metadata } from "next";
import { Link } from "@/components/link";
import { FormSelect, filterLabel } from "@/components/filter-form";
import { getDb } from "@/lib/db";
import { listAccounts, listOrganizations } from "@/lib/db/queries/accounts";
import { listAccountTable } from "@/lib/db/queries/account-list";
import { listAccountLastRunProblems } from "@/lib/db/queries/collection";
import { listTeams } from "@/lib/db/queries/teams";
import { SCORE_FORMULA } from "@/lib/scoring";
import { accountStatuses, environments, type DiscoveryMode } from "@/lib/domain/vocabulary";
import {
  accountsHref,
  collectionOutcomes,
  parseAccountsQuery,
  type AccountSort,
  type AccountsQuery,
} from "@/lib/contracts/accounts-list";
import { filterToSearchParams } from "@/lib/contracts/findings-filter";
import { collectionAvailability } from "@/lib/jobs";
import { CollectNow } from "@/components/collect-now";
import { connectSteps } from "@/components/connect-steps";
import { StatusPill } from "@/components/status";
import {
  Button,
  EmptyState,
  ErrorMessage,
  Input,
  PageHeader,
  Pill,
  Table,
  buttonClass,
  formatDateTime,
  td,
  th,
} from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { hasRole } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Accounts" };

const discoveryLabels: Record<DiscoveryMode, string> = {
  organizations: "Discovered through AWS Organizations",
  configured: "Configured account list (no Organizations access)",
  single: "Hub account only",
  demo: "simulated data",
};

const linkClass = "text-indigo-700 hover:underline dark:text-indigo-300";

const columns: { sort: AccountSort | null; title: string }[] = [
  { sort: "name", title: "Account" },
  { sort: "score", title: "Score" },
  { sort: "environment", title: "Environment" },
  { sort: "ou", title: "OU" },
  { sort: "critical", title: "Critical" },
  { sort: "overdue", title: "Overdue" },
  { sort: "collected", title: "Last collected" },
  { sort: null, title: "Problems" },
];

/** A sortable column header: a link to the same filters sorted by it (again: the other direction). */
function SortHeader({ query, sort, title }: { query: AccountsQuery; sort: AccountSort | null; title: string }) {
  if (!sort) return <th className={th}>{title}</th>;
  const active = query.sort === sort;
  const dir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    <th
      scope="col"
      className={th}
      aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}
      title={sort === "score" ? SCORE_FORMULA : undefined}
    >
      <Link href={accountsHref({ ...query, sort, dir })} className="hover:underline">
        {title}
        {active && <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span>}
      </Link>
    </th>
  );
}

export default async function AccountsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const parsed = parseAccountsQuery(await searchParams);
  // Runs and collection span the whole organization: admins only (the routes check it again).
  const admin = hasRole(viewer.role, "admin");
  const query: AccountsQuery = parsed.success ? parsed.data : { sort: "score", dir: "asc" };
  const { sort, dir, ...filter } = query;
  const now = new Date();
  const [all, rows, orgs, problems, teams, collection] = await Promise.all([
    listAccounts(db, viewer.scope),
    listAccountTable(db, { scope: viewer.scope, filter, sort, dir, now }),
    listOrganizations(db, viewer.scope),
    listAccountLastRunProblems(db, viewer.scope),
    listTeams(db),
    admin ? collectionAvailability(db) : null,
  ]);
  const ous = [...new Map(all.filter((a) => a.ouId).map((a) => [a.ouId!, a.ouPath ?? a.ouId!])).entries()].sort(
    (a, b) => a[1].localeCompare(b[1]),
  );
  const filtered = Object.keys(filter).length > 0;
  return (
    <>
      <PageHeader
        title="Accounts"
        description="Every account you can see: its score, its open critical and overdue findings, and how its last collection went. Sort by any column; the filters stay in the URL."
        actions={
          collection && (
            <div className="flex items-start gap-4">
              <Link href="/runs" className={`py-2 text-sm font-medium ${linkClass}`}>
                Collection runs →
              </Link>
              <CollectNow compact state={{ blocked: collection.blocked, activeRunId: collection.activeRunId }} />
            </div>
          )
        }
      />
      {orgs.length > 0 && (
        <ul className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Organizations">
          {orgs.map((o) => (
            <li key={o.id}>
              <Pill tone={o.isDemo ? "warn" : "neutral"}>
                {o.name} · {discoveryLabels[o.discoveryMode]}
              </Pill>
            </li>
          ))}
        </ul>
      )}
      {all.length === 0 ? (
        <EmptyState
          title="No accounts discovered"
          description="Accounts appear after the first collection discovers your organization."
          steps={connectSteps}
        />
      ) : (
        <>
          <form
            method="get"
            action="/accounts"
            className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-8"
            aria-label="Filter accounts"
          >
            <input type="hidden" name="sort" value={sort} />
            <input type="hidden" name="dir" value={dir} />
            <label className={`${filterLabel} lg:col-span-2`}>
              Name or id
              <Input name="q" defaultValue={query.q ?? ""} className="mt-1 w-full" maxLength={100} />
            </label>
            <FormSelect
              label="Environment"
              name="environment"
              value={query.environment}
              options={environments.map((e) => ({ value: e, label: e }))}
            />
            <FormSelect
              label="OU"
              name="ou"
              value={query.ou}
              options={ous.map(([id, path]) => ({ value: id, label: path }))}
            />
            {teams.length > 0 && (
              <FormSelect
                label="Team"
                name="team"
                value={query.team}
                options={teams.map((t) => ({ value: t.id, label: t.name }))}
              />
            )}
            <FormSelect
              label="Status"
              name="status"
              value={query.status}
              options={accountStatuses.map((s) => ({ value: s, label: s.replace("_", " ") }))}
            />
            <FormSelect
              label="Last collection"
              name="collection"
              value={query.collection}
              options={collectionOutcomes.map((s) => ({ value: s, label: s }))}
            />
            <div className={filterLabel}>
              Score
              <div className="mt-1 flex items-center gap-1">
                <Input
                  name="scoreMin"
                  type="number"
                  min={0}
                  max={100}
                  aria-label="Score at least"
                  placeholder="0"
                  defaultValue={query.scoreMin ?? ""}
                  className="w-full"
                />
                <span aria-hidden="true">–</span>
                <Input
                  name="scoreMax"
                  type="number"
                  min={0}
                  max={100}
                  aria-label="Score at most"
                  placeholder="100"
                  defaultValue={query.scoreMax ?? ""}
                  className="w-full"
                />
              </div>
            </div>
            <div className="flex items-end gap-2">
              <Button type="submit" variant="primary">
                Apply
              </Button>
              {filtered && (
                <Link href={accountsHref({ sort, dir })} className={buttonClass({ variant: "secondary" })}>
                  Reset
                </Link>
              )}
            </div>
          </form>
          {!parsed.success && (
            <ErrorMessage className="mb-4">
              This link&apos;s filter is not valid (
              {parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}): showing every account.
            </ErrorMessage>
          )}
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400" data-testid="accounts-total">
            {rows.length} of {all.length} {all.length === 1 ? "account" : "accounts"}
          </p>
          {rows.length === 0 ? (
            <div
              className="rounded-lg border border-dashed border-slate-300 px-6 py-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400"
              data-testid="no-match"
            >
              No account matches these filters.{" "}
              <Link href={accountsHref({ sort, dir })} className={linkClass}>
                Show every account
              </Link>
            </div>
          ) : (
            <Table caption="AWS accounts">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <SortHeader key={c.title} query={query} sort={c.sort} title={c.title} />
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {rows.map((a) => {
                  const p = problems.get(a.id);
                  return (
                    <tr key={a.id}>
                      <td className={td}>
                        <div className="font-medium">
                          <Link href={`/accounts/${a.id}`} className={linkClass}>
                            {a.name}
                          </Link>
                          {a.status !== "active" && (
                            <span className="ml-2">
                              <Pill>{a.status.replace("_", " ")}</Pill>
                            </span>
                          )}
                        </div>
                        <div className="font-mono text-xs text-slate-500">{a.id}</div>
                      </td>
                      <td className={`${td} text-lg font-semibold tabular-nums`} title={SCORE_FORMULA}>
                        {a.score ?? "—"}
                      </td>
                      <td className={td}>
                        <Pill
                          tone={a.environment === "prod" ? "bad" : a.environment === "staging" ? "warn" : "neutral"}
                        >
                          {a.environment}
                        </Pill>
                      </td>
                      <td className={td}>{a.ouPath ?? "—"}</td>
                      <td className={`${td} tabular-nums`}>
                        <Link
                          href={`/findings?${filterToSearchParams({ account: [a.id], severity: ["critical"] })}`}
                          className={linkClass}
                          aria-label={`Open critical findings in ${a.name}`}
                        >
                          {a.critical}
                        </Link>
                      </td>
                      <td className={`${td} tabular-nums`}>
                        <Link
                          href={`/findings?${filterToSearchParams({ account: [a.id], sla: ["overdue"] })}`}
                          className={linkClass}
                          aria-label={`Overdue findings in ${a.name}`}
                        >
                          {a.overdue}
                        </Link>
                      </td>
                      <td className={td}>
                        {a.lastRunId && admin ? (
                          <Link href={`/runs/${a.lastRunId}`} className="hover:underline">
                            {formatDateTime(a.lastCollectedAt)}
                          </Link>
                        ) : a.lastCollectedAt ? (
                          formatDateTime(a.lastCollectedAt)
                        ) : (
                          "never"
                        )}
                        {a.lastCollectionStatus && (
                          <div className="mt-1">
                            <StatusPill status={a.lastCollectionStatus} />
                          </div>
                        )}
                      </td>
                      <td className="min-w-48 max-w-xs px-4 py-2.5 align-top text-xs">
                        {!p || p.failed + p.partial === 0 ? (
                          <span className="text-slate-400">—</span>
                        ) : (
                          <>
                            <span className="font-mono font-semibold">{p.codes.join(", ")}</span>
                            <span className="text-slate-500">
                              {" "}
                              · {p.failed} failed, {p.partial} partial
                            </span>
                            {p.message && (
                              <p className="line-clamp-2 text-slate-600 dark:text-slate-400" title={p.message}>
                                {p.message}
                              </p>
                            )}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </>
      )}
    </>
  );
}
