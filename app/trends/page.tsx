import type { Metadata } from "next";
import { Link } from "@/components/link";
import { getDb } from "@/lib/db";
import { listAccounts } from "@/lib/db/queries/accounts";
import { listFilterTeams } from "@/lib/db/queries/teams";
import { listTrend } from "@/lib/db/queries/trends";
import { readCache } from "@/lib/db/read-cache";
import { connectSteps } from "@/components/connect-steps";
import { EmptyState, PageHeader, Stat } from "@/components/ui";
import { trendRangeKeys, trendRanges, type TrendLevel, type TrendRange } from "@/lib/domain/trends";
import { environments } from "@/lib/domain/vocabulary";
import { requirePage } from "@/lib/auth/server";
import { TrendCharts, TrendSelectors } from "./client";
import { trendsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Trends" };

const DEFAULT_RANGE: TrendRange = "90d";
const rangeLabels: Record<TrendRange, string> = { "30d": "30 days", "90d": "90 days", "1y": "1 year", "2y": "2 years" };

const formatDays = (hours: number | null) => (hours === null ? "—" : `${(hours / 24).toFixed(1)} d`);

export default async function TrendsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const search = trendsSearchParams.parse(await searchParams);
  const db = await getDb();
  const [accounts, teams] = await Promise.all([
    listAccounts(db, viewer.scope),
    listFilterTeams(db, { userId: viewer.user.id, everyTeam: viewer.role === "admin" }),
  ]);
  // Offered choices come from the viewer's scope; a value outside them falls back to the first offered.
  const options = {
    environment: environments
      .filter((e) => accounts.some((a) => a.environment === e))
      .map((e) => ({ value: e, label: e })),
    team: teams.map((t) => ({ value: t.id, label: t.name })),
    account: accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` })),
  };
  const range = search.range ?? DEFAULT_RANGE;
  let level: TrendLevel =
    search.level ?? (search.account ? "account" : search.team ? "team" : search.environment ? "environment" : "org");
  let id: string | undefined;
  if (level !== "org") {
    const wanted = search[level];
    id = (options[level].find((o) => o.value === wanted) ?? options[level][0])?.value;
    if (!id) level = "org";
  }
  const whose =
    level === "org" ? "the organization" : `${level} ${options[level].find((o) => o.value === id)?.label ?? id}`;
  const today = new Date().toISOString().slice(0, 10);
  const trend =
    accounts.length > 0
      ? await readCache.read(db, { name: "trends", scope: viewer.scope, params: [level, id, range, today] }, () =>
          listTrend(db, viewer.scope, { level, id, days: trendRanges[range] }),
        )
      : null;
  const hasData = trend?.points.some((p) => p.gap !== "none") ?? false;
  const href = (r: TrendRange) => {
    const params = new URLSearchParams({ level, range: r });
    if (level !== "org" && id) params.set(level, id);
    return `/trends?${params.toString()}`;
  };

  return (
    <>
      <PageHeader
        title="Trends"
        description={`Daily posture, findings, remediation, SLA compliance and cost of ${whose} over the last ${rangeLabels[range]}, from the daily rollups.`}
      />
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <TrendSelectors level={level} id={id} range={range} options={options} />
        <nav
          aria-label="Range"
          className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700"
        >
          {trendRangeKeys.map((r) => (
            <Link
              key={r}
              href={href(r)}
              aria-current={r === range ? "page" : undefined}
              className={`px-3 py-1.5 text-sm ${
                r === range
                  ? "bg-indigo-600 text-white"
                  : "bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {rangeLabels[r]}
            </Link>
          ))}
        </nav>
      </div>
      {!trend || !hasData ? (
        <EmptyState
          title="No history yet"
          description={
            accounts.length === 0
              ? "Each collection writes a daily rollup per account. Trends appear once there is at least one day of history."
              : `No collection of ${whose} wrote a daily rollup in the last ${rangeLabels[range]}. Pick a longer range or another selection.`
          }
          steps={accounts.length === 0 ? connectSteps : []}
        />
      ) : (
        <>
          <dl className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
            <Stat label="Resolutions in range" value={trend.summary.resolutions.toLocaleString("en-US")} />
            <Stat label="Mean time to remediate" value={formatDays(trend.summary.mttrHours)} />
            <Stat
              label="Resolved within SLA"
              value={trend.summary.slaCompliance === null ? "—" : `${Math.round(trend.summary.slaCompliance * 100)} %`}
            />
            <Stat label="Days with a failed collection" value={String(trend.summary.gapDays)} />
          </dl>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400" data-testid="gap-note">
            <span className="mr-1.5 inline-block h-3 w-5 rounded-sm bg-slate-400/40 align-middle" aria-hidden="true" />
            Gaps: a day on which the collection of any account in this selection failed has no value (shaded, the line
            breaks) rather than a total without that account; values are never carried over. Days before the first
            collection are blank.
            {trend.summary.gapDays > 0 &&
              ` ${trend.summary.gapDays} such day${trend.summary.gapDays === 1 ? "" : "s"} in range.`}
          </p>
          <TrendCharts points={trend.points} />
        </>
      )}
    </>
  );
}
