"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { ApiError, send } from "@/components/api";
import { Button, ErrorMessage, Input, Pill, Select } from "@/components/ui";
import { costsApi } from "@/lib/contracts/costs";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const PALETTE = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ec4899", "#8b5cf6", "#14b8a6", "#f97316"];
const OTHER = "Other";
const MAX_SERIES = 8;

export type BreakdownRow = {
  day: string;
  accountId: string;
  accountName: string;
  environment: string;
  service: string;
  amount: number;
};

export type ChartIncident = {
  id: string;
  accountName: string;
  service: string;
  startDay: string;
  lastDay: string;
  endDay: string | null;
  impact: number;
  days: { day: string; expected: number; actual: number }[];
  rootCause: string | null;
  labels: string[];
};

export type GroupBy = "account" | "service" | "environment";

const keyOf = (r: BreakdownRow, by: GroupBy) =>
  by === "account" ? r.accountName : by === "service" ? r.service : r.environment;

type Point = Record<string, number | string | null> & { day: string; total: number; marker: number | null };

/** Stacked daily cost by account, service or environment, with a marker on each incident's first day. */
export function CostChart({
  rows,
  incidents,
  initialBy,
}: {
  rows: BreakdownRow[];
  incidents: ChartIncident[];
  initialBy: GroupBy;
}) {
  const [by, setBy] = useState<GroupBy>(initialBy);
  const { points, keys } = useMemo(() => {
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(keyOf(r, by), (totals.get(keyOf(r, by)) ?? 0) + r.amount);
    const ranked = [...totals].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    const top = new Set(ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES));
    const keys = [...ranked.filter((k) => top.has(k)), ...(ranked.length > top.size ? [OTHER] : [])];
    const byDay = new Map<string, Point>();
    for (const r of rows) {
      const p = byDay.get(r.day) ?? ({ day: r.day, total: 0, marker: null } as Point);
      const k = top.has(keyOf(r, by)) ? keyOf(r, by) : OTHER;
      p[k] = ((p[k] as number | undefined) ?? 0) + r.amount;
      p.total += r.amount;
      byDay.set(r.day, p);
    }
    const starts = new Set(incidents.map((i) => i.startDay));
    const points = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    for (const p of points) if (starts.has(p.day)) p.marker = p.total;
    return { points, keys };
  }, [rows, incidents, by]);

  return (
    <div>
      <div className="mb-3 flex items-center justify-end gap-2 text-sm">
        <label htmlFor="cost-group-by" className="text-slate-600 dark:text-slate-400">
          Stack by
        </label>
        <Select id="cost-group-by" value={by} onChange={(e) => setBy(e.target.value as GroupBy)}>
          <option value="account">Account</option>
          <option value="service">Service</option>
          <option value="environment">Environment</option>
        </Select>
      </div>
      <div className="h-80" role="img" aria-label={`Daily cost over ${points.length} days, by ${by}`}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
            <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={24} />
            <YAxis tickFormatter={(v: number) => usd.format(v)} tick={{ fontSize: 12 }} width={72} />
            <Tooltip content={(props) => <CostTooltip {...props} keys={keys} incidents={incidents} />} />
            {keys.map((k, i) => (
              <Area
                key={k}
                type="monotone"
                dataKey={k}
                name={k}
                stackId="cost"
                stroke={PALETTE[i % PALETTE.length]}
                fill={PALETTE[i % PALETTE.length]}
                fillOpacity={0.35}
                isAnimationActive={false}
              />
            ))}
            <Scatter dataKey="marker" name="Incident" fill="#dc2626" shape={IncidentMarker} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ul
        className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400"
        aria-label="Legend"
      >
        {keys.map((k, i) => (
          <li key={k} className="flex items-center gap-1.5">
            <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: PALETTE[i % PALETTE.length] }} />
            {k}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-2.5 rotate-45 bg-red-600" /> Incident starts
        </li>
      </ul>
    </div>
  );
}

/** A red diamond on an incident's first day; nothing on other days. */
function IncidentMarker(props: unknown) {
  const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: Point };
  if (payload?.marker == null || cx == null || cy == null) return <g />;
  const r = 6;
  return (
    <path
      className="cost-incident-marker"
      d={`M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`}
      fill="#dc2626"
      stroke="white"
      strokeWidth={1}
    />
  );
}

function CostTooltip({
  active,
  payload,
  label,
  keys,
  incidents,
}: Partial<TooltipContentProps<ValueType, NameType>> & { keys: string[]; incidents: ChartIncident[] }) {
  if (!active || !payload?.length) return null;
  const point = payload[0]!.payload as Point;
  const day = String(label ?? point.day);
  const here = incidents.filter((i) => i.startDay <= day && day <= i.lastDay);
  return (
    <div
      role="tooltip"
      className="max-w-sm rounded-md border border-slate-200 bg-white p-3 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
    >
      <p className="font-semibold">
        {day}: {usd.format(point.total)}
      </p>
      <ul className="mt-1 space-y-0.5 text-slate-600 dark:text-slate-400">
        {keys
          .filter((k) => typeof point[k] === "number")
          .map((k) => (
            <li key={k}>
              {k}: {usd.format(point[k] as number)}
            </li>
          ))}
      </ul>
      {here.map((i) => {
        const d = i.days.find((x) => x.day === day);
        return (
          <div key={i.id} className="mt-2 border-t border-slate-200 pt-2 dark:border-slate-700">
            <p className="font-semibold text-red-700 dark:text-red-400">
              Incident: {i.accountName} · {i.service}
            </p>
            {d && (
              <p>
                Expected {usd.format(d.expected)}, actual {usd.format(d.actual)}
              </p>
            )}
            <p>
              Impact {usd.format(i.impact)} since {i.startDay}
              {i.endDay === null ? " (ongoing)" : ""}
            </p>
            {i.rootCause && <p>Root cause: {i.rootCause}</p>}
            {i.labels.includes("possible_hijack") && <p className="font-semibold">Possible hijack</p>}
          </div>
        );
      })}
    </div>
  );
}

/** "Expected / planned" or "Not an anomaly", with a note; or take the verdict back. */
export function VerdictControl({
  id,
  verdict,
  note,
}: {
  id: string;
  verdict: "expected" | "not_anomaly" | null;
  note: string | null;
}) {
  const router = useRouter();
  const [choice, setChoice] = useState<"expected" | "not_anomaly" | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (v: "expected" | "not_anomaly" | null) => {
    setBusy(true);
    setError(null);
    try {
      await send(costsApi.verdict, { params: { id }, body: { verdict: v, note: v ? text : null } });
      setChoice(null);
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not save the verdict.");
    } finally {
      setBusy(false);
    }
  };
  if (verdict && !choice)
    return (
      <div className="space-y-1 whitespace-normal">
        <Pill tone="good">{verdict === "expected" ? "Expected / planned" : "Not an anomaly"}</Pill>
        {note && <p className="max-w-xs text-xs text-slate-600 dark:text-slate-400">{note}</p>}
        <Button size="sm" variant="link" disabled={busy} onClick={() => void save(null)}>
          Undo
        </Button>
        {error && <ErrorMessage>{error}</ErrorMessage>}
      </div>
    );
  if (choice)
    return (
      <form
        className="flex flex-col gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          void save(choice);
        }}
      >
        <Input
          aria-label="Note"
          placeholder="Why (optional)"
          value={text}
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="flex gap-1">
          <Button size="sm" variant="primary" type="submit" disabled={busy}>
            Save
          </Button>
          <Button size="sm" type="button" onClick={() => setChoice(null)}>
            Cancel
          </Button>
        </div>
        {error && <ErrorMessage>{error}</ErrorMessage>}
      </form>
    );
  return (
    <div className="flex gap-1">
      <Button size="sm" onClick={() => setChoice("expected")}>
        Expected
      </Button>
      <Button size="sm" onClick={() => setChoice("not_anomaly")}>
        Not an anomaly
      </Button>
    </div>
  );
}

/** The period's breakdown as CSV, built in the browser from what the page shows. */
export function CsvExport({ rows, filename }: { rows: BreakdownRow[]; filename: string }) {
  const download = () => {
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    const cell = (v: string) => quote(/^[=+\-@]/.test(v) ? `'${v}` : v);
    const lines = [
      "day,account_id,account,environment,service,amount",
      ...rows.map(
        (r) =>
          [r.day, r.accountId, r.accountName, r.environment, r.service].map(cell).join(",") + `,${r.amount.toFixed(2)}`,
      ),
    ];
    const url = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Button onClick={download} disabled={rows.length === 0}>
      Export CSV
    </Button>
  );
}
