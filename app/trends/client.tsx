"use client";

import { useRouter } from "next/navigation";
import type { ReactElement } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card, Select } from "@/components/ui";
import type { TrendDay } from "@/lib/db/queries/trends";
import { trendLevelLabels, trendLevels, type TrendLevel } from "@/lib/domain/trends";

type Option = { value: string; label: string };

/** Level and whose series: changing either loads the page for it (the URL holds the state). */
export function TrendSelectors({
  level,
  id,
  range,
  options,
}: {
  level: TrendLevel;
  id: string | undefined;
  range: string;
  options: Record<Exclude<TrendLevel, "org">, Option[]>;
}) {
  const router = useRouter();
  const go = (next: TrendLevel, value?: string) => {
    const params = new URLSearchParams({ level: next, range });
    const first = next === "org" ? undefined : (value ?? options[next][0]?.value);
    if (next !== "org" && first) params.set(next, first);
    router.push(`/trends?${params.toString()}`);
  };
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="text-sm">
        <span className="block text-xs text-slate-500 dark:text-slate-400">Show</span>
        <Select aria-label="Level" value={level} onChange={(e) => go(e.target.value as TrendLevel)}>
          {trendLevels.map((l) => (
            <option key={l} value={l} disabled={l !== "org" && options[l].length === 0}>
              {trendLevelLabels[l]}
            </option>
          ))}
        </Select>
      </label>
      {level !== "org" && (
        <label className="text-sm">
          <span className="block text-xs text-slate-500 dark:text-slate-400">{trendLevelLabels[level]}</span>
          <Select aria-label={trendLevelLabels[level]} value={id ?? ""} onChange={(e) => go(level, e.target.value)}>
            {options[level].map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </label>
      )}
    </div>
  );
}

/** Contiguous runs of days on which a collection failed, widened to their neighbours so one day shows. */
function failedBands(points: TrendDay[]): { x1: string; x2: string }[] {
  const bands: { x1: string; x2: string }[] = [];
  for (let i = 0; i < points.length; i++) {
    if (points[i]!.gap !== "failed") continue;
    let j = i;
    while (j + 1 < points.length && points[j + 1]!.gap === "failed") j++;
    bands.push({ x1: points[Math.max(0, i - 1)]!.day, x2: points[Math.min(points.length - 1, j + 1)]!.day });
    i = j;
  }
  return bands;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const axis = { tick: { fontSize: 12, fill: "currentColor" }, stroke: "currentColor", strokeOpacity: 0.4 };
const tooltipStyle = {
  contentStyle: { background: "var(--tooltip-bg, #fff)", borderRadius: 6, fontSize: 12, color: "#0f172a" },
};

type Series = { key: string; name: string; color: string };

function Chart({ label, children }: { label: string; children: ReactElement }) {
  return (
    <div className="h-64 text-slate-500 dark:text-slate-400" role="img" aria-label={label} data-testid="trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** The grid, the day axis and the shaded failed days every chart shares (an array: recharts reads its children). */
function frame(bands: { x1: string; x2: string }[]): ReactElement[] {
  return [
    <CartesianGrid key="grid" strokeDasharray="3 3" strokeOpacity={0.3} />,
    <XAxis key="x" dataKey="day" {...axis} minTickGap={32} />,
    ...bands.map((b) => (
      <ReferenceArea
        key={`gap-${b.x1}`}
        x1={b.x1}
        x2={b.x2}
        fill="#94a3b8"
        fillOpacity={0.35}
        stroke="none"
        className="trend-gap"
      />
    )),
  ];
}

function lines(series: Series[]) {
  return series.map((s) => (
    <Line
      key={s.key}
      type="linear"
      dataKey={s.key}
      name={s.name}
      stroke={s.color}
      strokeWidth={2}
      dot={false}
      connectNulls={false}
      isAnimationActive={false}
    />
  ));
}

/** Every metric's chart over the same days; null values (gaps) break the lines, failed days are shaded. */
export function TrendCharts({ points }: { points: TrendDay[] }) {
  const bands = failedBands(points);
  const data = points.map((p) => ({
    ...p,
    mttrDays: p.mttrHours === null ? null : p.mttrHours / 24,
    mttrCriticalDays: p.mttrCriticalHours === null ? null : p.mttrCriticalHours / 24,
    mttrHighDays: p.mttrHighHours === null ? null : p.mttrHighHours / 24,
    slaOpenPct: p.slaOpenPct === null ? null : Math.round(p.slaOpenPct * 10) / 10,
  }));
  const legend = <Legend wrapperStyle={{ fontSize: 12 }} />;
  const common = frame(bands);
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Posture score (0–100)">
        <Chart label="Posture score per day">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            <YAxis domain={[0, 100]} {...axis} width={36} />
            <Tooltip {...tooltipStyle} />
            {lines([{ key: "score", name: "Score", color: "#4f46e5" }])}
          </LineChart>
        </Chart>
      </Card>
      <Card title="Open findings by severity">
        <Chart label="Open findings per day by severity">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            <YAxis allowDecimals={false} {...axis} width={40} />
            <Tooltip {...tooltipStyle} />
            {legend}
            {lines([
              { key: "critical", name: "Critical", color: "#dc2626" },
              { key: "high", name: "High", color: "#f97316" },
              { key: "medium", name: "Medium", color: "#eab308" },
              { key: "low", name: "Low", color: "#38bdf8" },
            ])}
          </LineChart>
        </Chart>
      </Card>
      <Card title="New vs resolved findings">
        <Chart label="Findings new and resolved per day">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            <YAxis allowDecimals={false} {...axis} width={40} />
            <Tooltip {...tooltipStyle} />
            {legend}
            <Bar dataKey="newFindings" name="New" fill="#f97316" isAnimationActive={false} />
            <Bar dataKey="resolved" name="Resolved" fill="#10b981" isAnimationActive={false} />
          </BarChart>
        </Chart>
      </Card>
      <Card title="Mean time to remediate (days, trailing 30 days)">
        <Chart label="Mean time to remediate per day">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            <YAxis {...axis} width={40} tickFormatter={(v: number) => v.toFixed(0)} />
            <Tooltip {...tooltipStyle} formatter={(v) => (typeof v === "number" ? `${v.toFixed(1)} d` : v)} />
            {legend}
            {lines([
              { key: "mttrDays", name: "All", color: "#4f46e5" },
              { key: "mttrCriticalDays", name: "Critical", color: "#dc2626" },
              { key: "mttrHighDays", name: "High", color: "#f97316" },
            ])}
          </LineChart>
        </Chart>
      </Card>
      <Card title="SLA compliance (open findings within their deadline, %)">
        <Chart label="SLA compliance per day">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            <YAxis domain={[0, 100]} {...axis} width={36} />
            <Tooltip {...tooltipStyle} formatter={(v) => (typeof v === "number" ? `${v} %` : v)} />
            {lines([{ key: "slaOpenPct", name: "Within SLA", color: "#0891b2" }])}
          </LineChart>
        </Chart>
      </Card>
      <Card title="Cost per day">
        <Chart label="Cost per day">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {common}
            <YAxis {...axis} width={64} tickFormatter={(v: number) => usd.format(v)} />
            <Tooltip {...tooltipStyle} formatter={(v) => (typeof v === "number" ? usd.format(v) : v)} />
            {lines([{ key: "cost", name: "Cost", color: "#7c3aed" }])}
          </LineChart>
        </Chart>
      </Card>
    </div>
  );
}
