import type { Metadata } from "next";
import { connectSteps } from "@/components/connect-steps";
import { WhoseFilters } from "@/components/whose-filters";
import { Link } from "@/components/link";
import { Card, EmptyState, PageHeader, Pill, SeverityBadge, buttonClass } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { activityRules } from "@/lib/activity/rules";
import { TIMELINE_DEFAULT_DAYS, TIMELINE_PAGE_SIZE, timelineQuery, type TimelineQuery } from "@/lib/contracts/timeline";
import { getDb } from "@/lib/db";
import { listAccounts } from "@/lib/db/queries/accounts";
import { listTimeline, listTimelineTeams, type TimelineItem } from "@/lib/db/queries/timeline";
import { investigationUrl } from "@/lib/domain/links";
import { timelineKindLabels, timelineKinds, transitionLabel, type TimelineKind } from "@/lib/domain/timeline";
import type { FindingStatus } from "@/lib/domain/vocabulary";

export const metadata: Metadata = { title: "Timeline" };

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const kindStyles: Record<TimelineKind, string> = {
  posture: "bg-indigo-500",
  guardduty: "bg-red-500",
  cost: "bg-amber-500",
  activity: "bg-fuchsia-500",
  canary: "bg-rose-600",
  collection: "bg-slate-400",
};

function href(q: TimelineQuery, change: Partial<TimelineQuery>): string {
  const params = new URLSearchParams();
  const next = { ...q, ...change };
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  const s = params.toString();
  return s ? `/timeline?${s}` : "/timeline";
}

function money(amount: unknown, currency: unknown): string {
  const n = Number(amount);
  const c = typeof currency === "string" && /^[A-Z]{3}$/.test(currency) ? currency : "USD";
  return new Intl.NumberFormat("en-US", { style: "currency", currency: c, maximumFractionDigits: 0 }).format(n);
}

/** Where an item leads, and what it says under its title. */
function describe(item: TimelineItem): { link: string; detail: string; investigate?: string } {
  const x = item.extra as Record<string, string | number | boolean | null | string[]>;
  switch (item.kind) {
    case "posture":
    case "activity": {
      const what =
        x.event === "assignment"
          ? x.assignee
            ? `assigned to ${x.assignee}`
            : "unassigned"
          : transitionLabel((x.from as FindingStatus | null) ?? null, (x.to as FindingStatus | null) ?? null);
      const parts = [what, item.kind === "activity" ? x.action : x.resource, x.principal, x.note].filter(Boolean);
      return {
        link: `/findings/${item.ref}`,
        detail: parts.join(" · "),
        investigate:
          item.kind === "activity" && x.principal ? investigationUrl({ principal: String(x.principal) }) : undefined,
      };
    }
    case "guardduty": {
      const [region, id] = [item.ref.slice(0, item.ref.indexOf("/")), item.ref.slice(item.ref.indexOf("/") + 1)];
      return {
        link: `/guardduty/findings/${item.accountId}/${region}/${encodeURIComponent(id)}`,
        detail: [
          x.sequence ? "attack sequence" : null,
          x.type,
          x.count && Number(x.count) > 1 ? `${x.count}×` : null,
          x.archived ? "archived" : null,
        ]
          .filter(Boolean)
          .join(" · "),
        investigate: x.accessKeyId ? investigationUrl({ accessKeyId: String(x.accessKeyId) }) : undefined,
      };
    }
    case "cost":
      return {
        link: `/costs?from=${item.ref}`,
        detail: [
          `${money(x.impact, x.currency)} over expected (${money(x.impactPerDay, x.currency)} a day, +${Math.round(Number(x.percent))} %)`,
          x.endDay ? `until ${x.endDay}` : "ongoing",
          Array.isArray(x.labels) && x.labels.includes("possible_hijack") ? "possible hijack" : null,
          x.verdict ? `marked ${String(x.verdict).replace("_", " ")}` : null,
        ]
          .filter(Boolean)
          .join(" · "),
      };
    case "canary":
      return {
        link: investigationUrl({ accessKeyId: item.ref }),
        detail: [x.action, x.sourceIp, x.userAgent, x.errorCode, x.scanner ? `scanner: ${x.scanner}` : null]
          .filter(Boolean)
          .join(" · "),
      };
    case "collection":
      return { link: `/runs/${item.ref}`, detail: [x.code, x.message].filter(Boolean).join(": ") };
  }
}

function Item({ item }: { item: TimelineItem }) {
  const d = describe(item);
  return (
    <li className="relative flex gap-3 py-2.5 pl-5" data-testid="timeline-item" data-kind={item.kind}>
      <span className={`absolute left-0 top-4 size-2.5 rounded-full ${kindStyles[item.kind]}`} aria-hidden="true" />
      <span className="w-12 shrink-0 pt-0.5 font-mono text-xs text-slate-500 dark:text-slate-400">
        {item.at.toISOString().slice(11, 16)}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
            {timelineKindLabels[item.kind]}
          </span>
          {item.severity && <SeverityBadge severity={item.severity} />}
          <Link href={d.link} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            {item.title}
          </Link>
        </div>
        <p className="mt-0.5 break-words text-sm text-slate-600 dark:text-slate-400">
          <Link href={`/timeline?account=${item.accountId}`} className="hover:underline">
            {item.accountName}
          </Link>{" "}
          <span className="text-xs">({item.environment})</span>
          {item.region && item.region !== "global" && <> · {item.region}</>}
          {d.detail && <> · {d.detail}</>}
          {item.actor && <> · by {item.actor}</>}
          {d.investigate && (
            <>
              {" · "}
              <Link href={d.investigate} className="text-indigo-700 hover:underline dark:text-indigo-300">
                Investigate
              </Link>
            </>
          )}
        </p>
      </div>
    </li>
  );
}

export default async function TimelinePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const parsed = timelineQuery.safeParse(await searchParams);
  const q: TimelineQuery = parsed.success ? parsed.data : { kind: undefined };
  const now = new Date();
  const to = q.to ? new Date(Date.parse(q.to) + DAY_MS) : new Date(Date.parse(isoDay(now)) + DAY_MS);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - TIMELINE_DEFAULT_DAYS * DAY_MS);
  const kinds = q.kind?.length ? q.kind : timelineKinds;
  const cursor = q.before
    ? { at: new Date(q.before.slice(0, q.before.indexOf("|"))), key: q.before.slice(q.before.indexOf("|") + 1) }
    : undefined;
  const db = await getDb();
  const [accounts, teams, page] = await Promise.all([
    listAccounts(db, viewer.scope),
    listTimelineTeams(db, { userId: viewer.user.id, all: viewer.role === "admin" }),
    listTimeline(db, {
      scope: viewer.scope,
      kinds,
      from,
      to,
      account: q.account,
      team: q.team,
      environment: q.environment,
      activityChecks: activityRules.map((r) => r.id),
      limit: TIMELINE_PAGE_SIZE,
      before: cursor,
    }),
  ]);
  const days = new Map<string, TimelineItem[]>();
  for (const item of page.items) days.set(isoDay(item.at), [...(days.get(isoDay(item.at)) ?? []), item]);
  const last = page.items.at(-1);
  const account = accounts.find((a) => a.id === q.account);

  return (
    <>
      <PageHeader
        title={account ? `Timeline of ${account.name}` : "Timeline"}
        description="What happened, on one time axis: posture changes and who made them, GuardDuty findings and attack sequences, cost incidents, risky CloudTrail activity, canary trips and collection failures."
      />
      {!parsed.success && (
        <p
          role="alert"
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-200"
        >
          This link&apos;s filter is not valid (
          {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); showing the last{" "}
          {TIMELINE_DEFAULT_DAYS} days of everything instead.
        </p>
      )}
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3" aria-label="Timeline filters">
        <WhoseFilters accounts={accounts} teams={teams} value={q} />
        <label className="text-sm">
          <span className="block text-xs text-slate-500 dark:text-slate-400">From</span>
          <input
            type="date"
            name="from"
            defaultValue={isoDay(from)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <label className="text-sm">
          <span className="block text-xs text-slate-500 dark:text-slate-400">To</span>
          <input
            type="date"
            name="to"
            defaultValue={isoDay(new Date(to.getTime() - DAY_MS))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <fieldset className="flex flex-wrap items-center gap-3 text-sm">
          <legend className="sr-only">Kinds</legend>
          {timelineKinds.map((k) => (
            <label key={k} className="inline-flex items-center gap-1.5">
              <input type="checkbox" name="kind" value={k} defaultChecked={kinds.includes(k)} />
              <span className={`size-2 rounded-full ${kindStyles[k]}`} aria-hidden="true" />
              {timelineKindLabels[k]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className={buttonClass({ variant: "primary", size: "sm" })}>
          Show
        </button>
      </form>
      {accounts.length === 0 ? (
        <EmptyState
          title="No accounts to show yet"
          description="The timeline shows what happens to your accounts once they are collected. Connect an organization or load the demo."
          steps={connectSteps}
        />
      ) : page.items.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="timeline-empty">
            Nothing happened {account ? `to ${account.name} ` : ""}between {isoDay(from)} and{" "}
            {isoDay(new Date(to.getTime() - DAY_MS))}
            {kinds.length < timelineKinds.length ? " of the kinds chosen" : ""}. Widen the dates or the kinds.
          </p>
        </Card>
      ) : (
        <div className="space-y-4">
          {[...days].map(([day, items]) => (
            <Card key={day}>
              <h2 className="mb-1 flex items-center gap-2 text-sm font-semibold text-slate-700 dark:text-slate-300">
                {new Date(day).toLocaleDateString("en-GB", {
                  weekday: "short",
                  day: "numeric",
                  month: "short",
                  year: "numeric",
                  timeZone: "UTC",
                })}
                <Pill>{items.length}</Pill>
              </h2>
              <ol className="divide-y divide-slate-100 border-l border-slate-200 dark:divide-slate-800 dark:border-slate-700">
                {items.map((item) => (
                  <Item key={item.key} item={item} />
                ))}
              </ol>
            </Card>
          ))}
          {page.more && last && (
            <Link
              href={href(q, { before: `${last.at.toISOString()}|${last.key}` })}
              className={buttonClass({ size: "sm" })}
              data-testid="timeline-older"
            >
              Older
            </Link>
          )}
        </div>
      )}
    </>
  );
}
