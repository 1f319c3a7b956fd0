import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { listGuardDutyCoverage, searchGuardDutyFindings, summarizeGuardDutyFindings } from "@/lib/db/queries/guardduty";
import { listTeams } from "@/lib/db/queries/teams";
import { describeCheckSettings } from "@/lib/settings/check-settings";
import {
  guardDutySearchQuery,
  parseGuardDutySearch,
  toGuardDutyFilter,
  type GuardDutySearch,
} from "@/lib/guardduty-search";
import { environments, severities, type Severity } from "@/lib/domain/vocabulary";
import { guardDutySubjects } from "@/lib/domain/investigation-subjects";
import { connectSteps } from "@/components/connect-steps";
import { InvestigateLinks } from "@/components/investigate-links";
import { Link } from "@/components/link";
import { FormSelect, filterLabel } from "@/components/filter-form";
import {
  Button,
  buttonClass,
  Card,
  EmptyState,
  Input,
  PageHeader,
  Pill,
  Select,
  SeverityBadge,
  Table,
  formatDateTime,
  td,
  Thead,
} from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { CoverageGrid, findingHref } from "./coverage-grid";
import { SeverityOverTime, type SeverityDay } from "./client";

export const metadata: Metadata = { title: "GuardDuty" };

const PAGE_SIZE = 200;

type SubjectRow = Pick<
  Awaited<ReturnType<typeof searchGuardDutyFindings>>[number],
  "accountId" | "accessKeyId" | "principalId" | "userName" | "userType" | "actors"
>;
const subjectsOf = (g: SubjectRow) => guardDutySubjects({ ...g, details: { ...g, sequence: { actors: g.actors } } });

export default async function GuardDutyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const { search, ignored } = parseGuardDutySearch(await searchParams);
  const filter = toGuardDutyFilter(search);
  const db = await getDb();
  const [coverage, rows, summary, sequences, settings, teams] = await Promise.all([
    listGuardDutyCoverage(db, viewer.scope),
    searchGuardDutyFindings(db, { scope: viewer.scope, filter, limit: PAGE_SIZE + 1 }),
    summarizeGuardDutyFindings(db, { scope: viewer.scope, filter }),
    searchGuardDutyFindings(db, {
      scope: viewer.scope,
      filter: { archived: "all", type: "AttackSequence:" },
      limit: 20,
    }),
    describeCheckSettings(db, { file: env.POSTURE_SETTINGS_FILE }),
    viewer.role === "admin" ? listTeams(db) : Promise.resolve([]),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const filtered = Object.entries(search).some(([k, v]) => v !== undefined && !(k === "archived" && v === "active"));
  const regions = [...new Set(coverage.cells.map((c) => c.region))].sort();

  if (coverage.accounts.length === 0)
    return (
      <>
        <PageHeader title="GuardDuty" description="Coverage and threat findings of Amazon GuardDuty." />
        <EmptyState
          title="No accounts to show"
          description="Posture shows GuardDuty's coverage and findings for the accounts you may see once they have been collected."
          steps={[
            ...connectSteps.slice(0, 2),
            {
              title: "Enable GuardDuty",
              body: "Turn on GuardDuty in every account and region, ideally with a delegated administrator for the organization.",
            },
          ]}
        />
      </>
    );

  const days = new Map<string, SeverityDay>();
  for (const d of summary.byDay) {
    const point = days.get(d.day) ?? { day: d.day, critical: 0, high: 0, medium: 0, low: 0 };
    if (d.severity in point) point[d.severity as "critical"] += d.count;
    days.set(d.day, point);
  }
  const accounts = new Map<string, { name: string; counts: Partial<Record<Severity, number>> }>();
  for (const a of summary.byAccount) {
    const entry = accounts.get(a.accountId) ?? { name: a.accountName, counts: {} };
    entry.counts[a.severity] = a.count;
    accounts.set(a.accountId, entry);
  }
  const q = (change: Partial<GuardDutySearch>) => `/guardduty${guardDutySearchQuery(search, change)}`;

  return (
    <>
      <PageHeader
        title="GuardDuty"
        description="Where GuardDuty is on, with which protection plans, and what it reports, in every account and enabled region."
      />
      <section aria-labelledby="coverage" className="mb-8">
        <h2 id="coverage" className="mb-3 text-lg font-semibold">
          Coverage
        </h2>
        {coverage.cells.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No collection has read GuardDuty yet. Coverage appears after the next collection.
          </p>
        ) : (
          <CoverageGrid
            accounts={coverage.accounts}
            cells={coverage.cells}
            required={settings.settings.guardDutyRequiredFeatures}
          />
        )}
      </section>

      {sequences.length > 0 && (
        <section aria-labelledby="sequences" className="mb-8">
          <h2 id="sequences" className="mb-3 text-lg font-semibold">
            Attack sequences
          </h2>
          <ul className="grid gap-3 md:grid-cols-2">
            {sequences.map((s) => (
              <li
                key={`${s.accountId}/${s.region}/${s.id}`}
                className="rounded-lg border border-red-300 bg-red-50 p-4 dark:border-red-500/40 dark:bg-red-500/10"
              >
                <div className="flex items-center gap-2">
                  <SeverityBadge severity={s.severityLabel} />
                  <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{s.type}</span>
                  {s.archived && <Pill>archived</Pill>}
                </div>
                <Link
                  href={findingHref(s)}
                  className="mt-2 block font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {s.title}
                </Link>
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  {s.accountName} · {s.region} · last seen {formatDateTime(s.lastSeenAt)}
                </p>
                <div className="mt-2">
                  <InvestigateLinks links={subjectsOf(s)} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="findings">
        <h2 id="findings" className="mb-3 text-lg font-semibold">
          Findings
        </h2>
        <form method="get" action="/guardduty" className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <FormSelect
            label="Account"
            name="account"
            value={search.account}
            options={coverage.accounts.map((a) => ({ value: a.id, label: a.name }))}
          />
          <FormSelect
            label="Environment"
            name="environment"
            value={search.environment}
            options={environments.map((e) => ({ value: e, label: e }))}
          />
          {teams.length > 0 && (
            <FormSelect
              label="Team"
              name="team"
              value={search.team}
              options={teams.map((t) => ({ value: t.id, label: t.name }))}
            />
          )}
          <FormSelect
            label="Region"
            name="region"
            value={search.region}
            options={regions.map((r) => ({ value: r, label: r }))}
          />
          <FormSelect
            label="Severity"
            name="severity"
            value={search.severity}
            options={severities.filter((s) => s !== "informational").map((s) => ({ value: s, label: s }))}
          />
          <label className={filterLabel}>
            Type contains
            <Input name="type" defaultValue={search.type ?? ""} className="mt-1 w-full" placeholder="Recon:IAMUser" />
          </label>
          <label className={filterLabel}>
            Archived
            <Select name="archived" defaultValue={search.archived} className="mt-1 w-full">
              <option value="active">Active only</option>
              <option value="archived">Archived only</option>
              <option value="all">Both</option>
            </Select>
          </label>
          <label className={filterLabel}>
            First seen from
            <Input type="date" name="firstSeenFrom" defaultValue={search.firstSeenFrom ?? ""} className="mt-1 w-full" />
          </label>
          <label className={filterLabel}>
            Last seen until
            <Input type="date" name="lastSeenTo" defaultValue={search.lastSeenTo ?? ""} className="mt-1 w-full" />
          </label>
          <div className="flex items-end gap-2">
            <Button type="submit" variant="primary">
              Apply
            </Button>
            {filtered && (
              <Link href="/guardduty" className={buttonClass()}>
                Clear
              </Link>
            )}
          </div>
        </form>
        {ignored.length > 0 && (
          <p role="status" className="mb-3 text-sm text-amber-700 dark:text-amber-300">
            Ignored filters that could not be read: {ignored.join(", ")}.
          </p>
        )}

        {page.length === 0 ? (
          <EmptyState
            title={filtered ? "No findings match these filters" : "No GuardDuty findings"}
            description={
              filtered
                ? "Change or clear the filters to see more."
                : "GuardDuty has reported nothing in the accounts you may see. Posture reads findings from every region where a detector is on (from the delegated administrator when there is one)."
            }
            steps={
              filtered
                ? [
                    {
                      title: "Clear the filters",
                      body: "Show every finding you may see.",
                      href: "/guardduty",
                      linkLabel: "Clear",
                    },
                  ]
                : []
            }
          />
        ) : (
          <>
            <div className="mb-4 grid gap-4 lg:grid-cols-3">
              <Card title="Severity over time (first seen)" className="lg:col-span-2">
                <SeverityOverTime points={[...days.values()]} />
              </Card>
              <Card title="Top finding types">
                <ol className="space-y-1.5 text-sm">
                  {summary.byType.map((t) => (
                    <li key={t.type} className="flex items-baseline justify-between gap-2">
                      <Link
                        href={q({ type: t.type })}
                        className="truncate font-mono text-xs hover:underline"
                        title={t.type}
                      >
                        {t.type}
                      </Link>
                      <span className="tabular-nums text-slate-600 dark:text-slate-400">{t.count}</span>
                    </li>
                  ))}
                </ol>
              </Card>
            </div>
            <div className="mb-4">
              <Table caption="Findings per account by severity">
                <Thead columns={["Account", "Critical", "High", "Medium", "Low"]} />
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {[...accounts].map(([id, a]) => (
                    <tr key={id}>
                      <td className={td}>
                        <Link href={q({ account: id })} className="hover:underline">
                          {a.name}
                        </Link>
                      </td>
                      {(["critical", "high", "medium", "low"] as const).map((s) => (
                        <td key={s} className={`${td} tabular-nums`}>
                          {a.counts[s] ?? 0}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
            <Table caption="GuardDuty findings">
              <Thead columns={["Severity", "Finding", "Account", "Resource", "Caller", "Count", "Last seen"]} />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="guardduty-findings">
                {page.map((g) => (
                  <tr key={`${g.accountId}/${g.region}/${g.id}`}>
                    <td className={td}>
                      <SeverityBadge severity={g.severityLabel} />{" "}
                      <span className="ml-1 text-xs tabular-nums text-slate-500">{g.severity.toFixed(1)}</span>
                    </td>
                    <td className="min-w-64 max-w-md px-4 py-2.5 align-top">
                      <Link
                        href={findingHref(g)}
                        className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {g.title}
                      </Link>
                      <div className="break-all font-mono text-xs text-slate-500">{g.type}</div>
                      <div className="mt-1 flex gap-1">
                        {g.sequenceUid && <Pill tone="bad">attack sequence</Pill>}
                        {g.archived && <Pill>archived</Pill>}
                      </div>
                    </td>
                    <td className={td}>
                      {g.accountName} <span className="text-xs text-slate-500">({g.environment})</span>
                      <div className="text-xs text-slate-500">{g.region}</div>
                    </td>
                    <td className="max-w-56 px-4 py-2.5 align-top text-xs">
                      {g.resourceType}
                      {g.resourceId && <div className="break-all font-mono text-slate-500">{g.resourceId}</div>}
                    </td>
                    <td className="px-4 py-2.5 align-top font-mono text-xs">
                      {g.accessKeyId && <div>{g.accessKeyId}</div>}
                      {g.userName && <div>{g.userName}</div>}
                      {g.remoteIp && <div className="text-slate-500">{g.remoteIp}</div>}
                      <InvestigateLinks links={subjectsOf(g)} compact />
                    </td>
                    <td className={`${td} tabular-nums`}>{g.count}</td>
                    <td className={td}>{formatDateTime(g.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {rows.length > PAGE_SIZE && (
              <p className="mt-2 text-xs text-slate-500">
                The {PAGE_SIZE} most severe and most recent are shown; narrow the filters to see others.
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}
