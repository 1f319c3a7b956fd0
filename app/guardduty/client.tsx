"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const series = [
  { key: "critical", color: "#dc2626" },
  { key: "high", color: "#f97316" },
  { key: "medium", color: "#fbbf24" },
  { key: "low", color: "#38bdf8" },
] as const;

export type SeverityDay = { day: string; critical: number; high: number; medium: number; low: number };

/** Findings first seen per day, stacked by severity (the page's filters apply, account included). */
export function SeverityOverTime({ points }: { points: SeverityDay[] }) {
  return (
    <div className="h-56" role="img" aria-label="GuardDuty findings first seen per day by severity">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} stackId="sev" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
