"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useOptimistic, useState, useTransition } from "react";
import { BulkAction } from "@/components/bulk-action";
import { Link } from "@/components/link";
import { InvestigateLinks } from "@/components/investigate-links";
import {
  Button,
  ErrorMessage,
  Input,
  Pill,
  Select,
  SeverityBadge,
  Table,
  Thead,
  buttonClass,
  td,
} from "@/components/ui";
import type { FindingsFilter, SlaState } from "@/lib/contracts/findings-filter";
import {
  defaultDirection,
  findingSorts,
  findingsPageSchema,
  listQueryToSearchParams,
  sortLabels,
  type FindingRow,
  type FindingSort,
  type FindingView,
  type FindingsListQuery,
} from "@/lib/contracts/findings-list";
import { findingSubjects } from "@/lib/domain/investigation-subjects";
import type { Environment, Severity } from "@/lib/domain/vocabulary";

export type FacetCounts = Record<string, { value: string; label: string; count: number }[]>;
export type Group = {
  key: string;
  label: string;
  service: string | null;
  findings: number;
  accounts: number;
  checks: number;
  severity: Severity;
  worstEnvironment: Environment;
  oldestFirstSeen: string;
  overdue: number;
  dueSoon: number;
  resourceType: string;
  sla: SlaState;
};
export type GroupView = { kind: "groups"; by: "check" | "account"; groups: Group[]; truncated: boolean };
export type ListView = { kind: "list"; rows: FindingRow[]; nextCursor: string | null };
type Search = Partial<FindingsListQuery> & { view: FindingView };

const facetTitles: Record<string, string> = {
  severity: "Severity",
  status: "Status",
  sla: "SLA",
  environment: "Environment",
  service: "Service",
  check: "Check",
  account: "Account",
  region: "Region",
};
const slaLabels: Record<SlaState, string> = { on_time: "On time", due_soon: "Due soon", overdue: "Overdue" };
const slaTone: Record<SlaState, "good" | "warn" | "bad"> = { on_time: "good", due_soon: "warn", overdue: "bad" };
const listKeys = ["severity", "status", "sla", "environment", "service", "check", "account", "region"] as const;
type ListKey = (typeof listKeys)[number];

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const formatDay = (iso: string | null) => (iso ? day.format(new Date(iso)) : "—");

/** "AWS::S3::Bucket" × 12 → "12 buckets"; a type we cannot name → "12 resources". */
export function countNoun(resourceType: string, n: number): string {
  const last = resourceType.split("::").pop() ?? "";
  const words = last.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  if (!words || words === "account") return `${n} ${n === 1 ? "resource" : "resources"}`;
  if (n === 1) return `1 ${words}`;
  const plural = /[^aeiou]y$/.test(words)
    ? `${words.slice(0, -1)}ies`
    : /(s|x|ch|sh)$/.test(words)
      ? `${words}es`
      : `${words}s`;
  return `${n} ${plural}`;
}

export function FindingsClient({
  search,
  facets,
  total,
  data,
  canAct = false,
}: {
  search: Search;
  facets: FacetCounts;
  total: number;
  data: GroupView | ListView;
  /** The viewer may triage: selections and the filtered result get bulk actions (checked again on the server). */
  canAct?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { view, sort, dir, cursor: _cursor, limit, ...filter } = search;
  // Facets tick at once; the server's answer replaces this when the new URL has rendered.
  const [shown, setShown] = useOptimistic(filter);

  const go = (next: Search) => {
    setSelected(new Set());
    const qs = listQueryToSearchParams(next).toString();
    const { view: _v, sort: _s, dir: _d, cursor: _c, limit: _l, ...nextFilter } = next;
    startTransition(() => {
      setShown(nextFilter);
      router.push(qs ? `${pathname}?${qs}` : pathname);
    });
  };
  const withFilter = (patch: Partial<FindingsFilter>) => go({ ...filter, ...patch, view, sort, dir, limit });
  const toggle = (key: ListKey, value: string) => {
    const current = (filter[key] ?? []) as string[];
    const nextValues = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    withFilter({ [key]: nextValues.length ? nextValues : undefined });
  };
  const exportHref = (format: string) => {
    const params = listQueryToSearchParams({ ...filter, sort, dir });
    params.set("format", format);
    return `/api/findings/export?${params.toString()}`;
  };

  return (
    <div
      className={`grid gap-6 lg:grid-cols-[15rem_1fr] ${pending ? "opacity-60 transition-opacity" : ""}`}
      aria-busy={pending}
    >
      <aside aria-label="Filters" className="space-y-5">
        {listKeys.map((key) => (
          <FacetList
            key={key}
            title={facetTitles[key]!}
            values={facets[key] ?? []}
            active={(shown[key] ?? []) as string[]}
            onToggle={(v) => toggle(key, v)}
            format={key === "sla" ? (v) => slaLabels[v as SlaState] ?? v : undefined}
          />
        ))}
      </aside>
      <section className="min-w-0 space-y-4">
        <FilterBar
          filter={filter}
          onSearch={(q) => withFilter({ q: q || undefined })}
          onDates={(d) => withFilter(d)}
          onClear={() => go({ view, sort, dir })}
        />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div
            role="tablist"
            aria-label="View"
            className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700"
          >
            {(["check", "account", "list"] as const).map((v) => (
              <button
                key={v}
                role="tab"
                aria-selected={view === v}
                onClick={() => go({ ...filter, view: v, sort, dir, limit })}
                className={`rounded px-3 py-1 text-sm font-medium ${view === v ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
              >
                {v === "check" ? "By check" : v === "account" ? "By account" : "All findings"}
              </button>
            ))}
          </div>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="findings-total">
            <span className="font-semibold tabular-nums text-slate-900 dark:text-slate-100">
              {total.toLocaleString("en-US")}
            </span>{" "}
            {total === 1 ? "finding matches" : "findings match"}
          </p>
          <div className="flex items-center gap-2 text-sm">
            <span className="text-slate-500">Export</span>
            {(["csv", "json", "ocsf"] as const).map((f) => (
              <a key={f} href={exportHref(f)} className={buttonClass({ size: "sm" })} download>
                {f === "ocsf" ? "OCSF" : f.toUpperCase()}
              </a>
            ))}
          </div>
        </div>
        {total === 0 ? (
          <div
            className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center dark:border-slate-700 dark:bg-slate-900"
            data-testid="no-match"
          >
            <p className="font-medium">No finding matches these filters.</p>
            <Button className="mt-3" onClick={() => go({ view, sort, dir })}>
              Clear filters
            </Button>
          </div>
        ) : data.kind === "groups" ? (
          <>
            {canAct && <FilteredBulk filter={filter} total={total} />}
            <GroupTable view={data} filter={filter} />
          </>
        ) : (
          <>
            <SelectionBar
              selected={selected}
              pageIds={data.rows.map((r) => r.id)}
              total={total}
              filter={filter}
              onClear={() => setSelected(new Set())}
              canAct={canAct}
            />
            {canAct && selected.size === 0 && <FilteredBulk filter={filter} total={total} />}
            <div className="flex items-center justify-end gap-2 text-sm">
              <label htmlFor="findings-sort" className="text-slate-500">
                Sort
              </label>
              <Select
                id="findings-sort"
                value={sort}
                onChange={(e) => go({ ...filter, view, sort: e.target.value as FindingSort, limit })}
              >
                {findingSorts.map((s) => (
                  <option key={s} value={s}>
                    {sortLabels[s]}
                  </option>
                ))}
              </Select>
              <Button
                size="sm"
                aria-label="Reverse the order"
                onClick={() => {
                  const s = sort ?? "severity";
                  const current = dir ?? defaultDirection[s];
                  go({ ...filter, view, sort: s, dir: current === "asc" ? "desc" : "asc", limit });
                }}
              >
                {(dir ?? defaultDirection[sort ?? "severity"]) === "asc" ? "↑" : "↓"}
              </Button>
            </div>
            <FindingTable
              rows={data.rows}
              selected={selected}
              onSelect={(ids, on) =>
                setSelected((prev) => {
                  const next = new Set(prev);
                  for (const id of ids)
                    if (on) next.add(id);
                    else next.delete(id);
                  return next;
                })
              }
            />
            <nav aria-label="Pages" className="flex justify-between text-sm">
              {search.cursor ? (
                <Link
                  href={`${pathname}?${listQueryToSearchParams({ ...filter, view, sort, dir, limit }).toString()}`}
                  className={buttonClass({ size: "sm" })}
                >
                  ← First page
                </Link>
              ) : (
                <span />
              )}
              {data.nextCursor && (
                <Link
                  href={`${pathname}?${listQueryToSearchParams({ ...filter, view, sort, dir, limit, cursor: data.nextCursor }).toString()}`}
                  className={buttonClass({ size: "sm" })}
                >
                  Next page →
                </Link>
              )}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}

function FacetList({
  title,
  values,
  active,
  onToggle,
  format,
}: {
  title: string;
  values: { value: string; label: string; count: number }[];
  active: string[];
  onToggle: (value: string) => void;
  format?: (value: string) => string;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? values : values.slice(0, 8);
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {title}
      </legend>
      {values.length === 0 && <p className="text-xs text-slate-400">None</p>}
      <ul className="space-y-0.5">
        {shown.map((f) => (
          <li key={f.value}>
            <label className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
              <input
                type="checkbox"
                checked={active.includes(f.value)}
                onChange={() => onToggle(f.value)}
                className="accent-indigo-600"
              />
              <span className="min-w-0 flex-1 truncate" title={f.label}>
                {format ? format(f.value) : f.label}
              </span>
              <span className="tabular-nums text-xs text-slate-500">{f.count.toLocaleString("en-US")}</span>
            </label>
          </li>
        ))}
        {active
          .filter((a) => !values.some((v) => v.value === a))
          .map((a) => (
            <li key={a}>
              <label className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
                <input type="checkbox" checked onChange={() => onToggle(a)} className="accent-indigo-600" />
                <span className="min-w-0 flex-1 truncate">{format ? format(a) : a}</span>
                <span className="tabular-nums text-xs text-slate-500">0</span>
              </label>
            </li>
          ))}
      </ul>
      {values.length > 8 && (
        <Button variant="link" size="xs" onClick={() => setAll(!all)}>
          {all ? "Fewer" : `All ${values.length}`}
        </Button>
      )}
    </fieldset>
  );
}

function FilterBar({
  filter,
  onSearch,
  onDates,
  onClear,
}: {
  filter: FindingsFilter;
  onSearch: (q: string) => void;
  onDates: (d: Pick<FindingsFilter, "firstSeenFrom" | "firstSeenTo" | "lastSeenFrom" | "lastSeenTo">) => void;
  onClear: () => void;
}) {
  const [q, setQ] = useState(filter.q ?? "");
  const dates = ["firstSeenFrom", "firstSeenTo", "lastSeenFrom", "lastSeenTo"] as const;
  const dateLabels = {
    firstSeenFrom: "First seen from",
    firstSeenTo: "to",
    lastSeenFrom: "Last seen from",
    lastSeenTo: "to",
  };
  return (
    <form
      role="search"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(q.trim());
      }}
    >
      <div className="min-w-64 flex-1">
        <label htmlFor="findings-q" className="sr-only">
          Search title, resource and evidence
        </label>
        <Input
          id="findings-q"
          type="search"
          value={q}
          maxLength={200}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Search title, resource id, evidence…"
          className="w-full"
        />
      </div>
      {dates.map((key) => (
        <label key={key} className="text-xs text-slate-500">
          {dateLabels[key]}
          <Input
            type="date"
            className="ml-1"
            value={filter[key] ?? ""}
            onChange={(e) => onDates({ [key]: e.target.value || undefined })}
          />
        </label>
      ))}
      <Button type="submit" variant="primary">
        Search
      </Button>
      <Button variant="link" onClick={onClear}>
        Clear filters
      </Button>
    </form>
  );
}

function SlaPill({ sla }: { sla: SlaState | null }) {
  return sla ? <Pill tone={slaTone[sla]}>{slaLabels[sla]}</Pill> : <span className="text-slate-400">—</span>;
}

function GroupTable({ view, filter }: { view: GroupView; filter: FindingsFilter }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const byCheck = view.by === "check";
  return (
    <>
      <Table caption={byCheck ? "Findings grouped by check" : "Findings grouped by account"}>
        <Thead
          columns={[
            "",
            "Severity",
            byCheck ? "Check" : "Account",
            "Affected",
            "Worst environment",
            "Oldest first seen",
            "SLA",
          ]}
        />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {view.groups.map((g) => {
            const expanded = open.has(g.key);
            const rowId = `group-${g.key}`;
            return [
              <tr key={g.key} data-testid="finding-group">
                <td className={td}>
                  <Button
                    size="xs"
                    aria-expanded={expanded}
                    aria-controls={rowId}
                    aria-label={`${expanded ? "Hide" : "Show"} the findings of ${g.label}`}
                    onClick={() =>
                      setOpen((prev) => {
                        const next = new Set(prev);
                        if (expanded) next.delete(g.key);
                        else next.add(g.key);
                        return next;
                      })
                    }
                  >
                    {expanded ? "▾" : "▸"}
                  </Button>
                </td>
                <td className={td}>
                  <SeverityBadge severity={g.severity} />
                </td>
                <td className="min-w-48 max-w-sm px-4 py-2.5 align-top">
                  <div className="font-medium">{g.label}</div>
                  <div className="font-mono text-xs text-slate-500">{byCheck ? `${g.key} · ${g.service}` : g.key}</div>
                </td>
                <td className="min-w-36 px-4 py-2.5 align-top">
                  {byCheck
                    ? `${countNoun(g.resourceType, g.findings)} in ${g.accounts} ${g.accounts === 1 ? "account" : "accounts"}`
                    : `${g.findings} ${g.findings === 1 ? "finding" : "findings"} of ${g.checks} ${g.checks === 1 ? "check" : "checks"}`}
                </td>
                <td className={td}>{g.worstEnvironment}</td>
                <td className={td}>{formatDay(g.oldestFirstSeen)}</td>
                <td className={td}>
                  <SlaPill sla={g.sla} />
                  {g.overdue > 0 && (
                    <span className="ml-1 text-xs text-rose-700 dark:text-rose-300">{g.overdue} overdue</span>
                  )}
                </td>
              </tr>,
              expanded ? (
                <tr key={`${g.key}-rows`} id={rowId}>
                  <td colSpan={7} className="bg-slate-50 px-4 py-3 dark:bg-slate-950/40">
                    <GroupFindings filter={{ ...filter, ...(byCheck ? { check: [g.key] } : { account: [g.key] }) }} />
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </Table>
      {view.truncated && (
        <p className="text-sm text-slate-500">
          Showing the {view.groups.length} worst groups; narrow the filter to see the rest.
        </p>
      )}
    </>
  );
}

/** A group's findings, read when it is expanded, 25 at a time. */
function GroupFindings({ filter }: { filter: FindingsFilter }) {
  const query = useInfiniteQuery({
    queryKey: ["findings", filter],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const params = listQueryToSearchParams({ ...filter, limit: 25, cursor: pageParam ?? undefined });
      const response = await fetch(`/api/findings?${params.toString()}`, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`could not load the findings (${response.status})`);
      return findingsPageSchema.parse(await response.json());
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  if (query.isPending)
    return (
      <p className="text-sm text-slate-500" role="status">
        Loading findings…
      </p>
    );
  if (query.isError) return <ErrorMessage>{query.error.message}</ErrorMessage>;
  const rows = query.data.pages.flatMap((p) => p.rows);
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="group-findings">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-1.5 text-sm">
            <SeverityBadge severity={r.severity} />
            <Link
              href={`/findings/${r.id}`}
              className="min-w-0 flex-1 truncate font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300"
              title={r.resourceId}
            >
              {r.resourceId}
            </Link>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              {r.accountName} ({r.environment}) · {r.region}
            </span>
            <span className="text-xs text-slate-500">{r.status}</span>
            <SlaPill sla={r.sla} />
            <InvestigateLinks links={findingSubjects(r)} compact />
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <Button size="sm" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "More"}
        </Button>
      )}
    </div>
  );
}

function SelectionBar({
  selected,
  pageIds,
  total,
  filter,
  onClear,
  canAct,
}: {
  selected: Set<string>;
  pageIds: string[];
  total: number;
  filter: FindingsFilter;
  onClear: () => void;
  canAct: boolean;
}) {
  const [all, setAll] = useState(false);
  if (selected.size === 0) return null;
  const pageSelected = pageIds.every((id) => selected.has(id));
  const everything = all || (pageSelected && selected.size >= total);
  return (
    <div
      role="region"
      aria-label="Selection"
      className="space-y-2 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm dark:border-indigo-500/30 dark:bg-indigo-500/10"
    >
      <div className="flex flex-wrap items-center gap-3">
        <span data-testid="selection-count">
          {all ? `All ${total.toLocaleString("en-US")} matching findings selected` : `${selected.size} selected`}
        </span>
        {pageSelected && !all && total > selected.size && (
          <Button variant="link" size="sm" onClick={() => setAll(true)}>
            Select all {total.toLocaleString("en-US")} matching
          </Button>
        )}
        <Button variant="link" size="sm" onClick={onClear}>
          Clear selection
        </Button>
      </div>
      {canAct && (
        <BulkAction
          key={everything ? "all" : [...selected].join()}
          target={everything ? { filter } : { ids: [...selected] }}
          noun={everything ? "matching findings" : "selected findings"}
          onDone={() => setAll(false)}
        />
      )}
    </div>
  );
}

/** The whole filtered result as one target: count, confirm, then batches with progress. */
function FilteredBulk({ filter, total }: { filter: FindingsFilter; total: number }) {
  return (
    <details
      className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="filtered-bulk"
    >
      <summary className="cursor-pointer font-medium text-slate-700 dark:text-slate-300">
        {total === 1 ? "Act on the matching finding" : `Act on all ${total.toLocaleString("en-US")} matching findings`}
      </summary>
      <div className="mt-3">
        <BulkAction target={{ filter }} noun="matching findings" />
      </div>
    </details>
  );
}

function FindingTable({
  rows,
  selected,
  onSelect,
}: {
  rows: FindingRow[];
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
}) {
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <Table caption="Findings">
      <Thead
        columns={[
          <input
            key="all"
            type="checkbox"
            aria-label="Select this page"
            checked={allOn}
            onChange={(e) =>
              onSelect(
                rows.map((r) => r.id),
                e.target.checked,
              )
            }
            className="accent-indigo-600"
          />,
          "Severity",
          "Check",
          "Account",
          "Resource",
          "Status",
          "First seen",
          "Due",
        ]}
      />
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((f) => (
          <tr key={f.id} data-testid="finding-row">
            <td className={td}>
              <input
                type="checkbox"
                aria-label={`Select ${f.resourceId}`}
                checked={selected.has(f.id)}
                onChange={(e) => onSelect([f.id], e.target.checked)}
                className="accent-indigo-600"
              />
            </td>
            <td className={td}>
              <SeverityBadge severity={f.severity} />
            </td>
            <td className="min-w-64 max-w-md px-4 py-2.5 align-top">
              <Link
                href={`/findings/${f.id}`}
                className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {f.title}
              </Link>
              <div className="font-mono text-xs text-slate-500">{f.checkId}</div>
            </td>
            <td className={td}>
              {f.accountName} <span className="text-xs text-slate-500">({f.environment})</span>
              <div className="text-xs text-slate-500">{f.region}</div>
            </td>
            <td className={td}>
              <span className="block max-w-[16rem] truncate font-mono text-xs" title={f.resourceId}>
                {f.resourceId}
              </span>
              <InvestigateLinks links={findingSubjects(f)} compact />
            </td>
            <td className={td}>
              {f.status}
              {f.assigneeEmail && <div className="text-xs text-slate-500">{f.assigneeEmail}</div>}
            </td>
            <td className={td}>{formatDay(f.firstSeenAt)}</td>
            <td className={td}>
              <div>{formatDay(f.dueAt)}</div>
              <SlaPill sla={f.sla} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
