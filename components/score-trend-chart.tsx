"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ScorePoint } from "@/lib/db/queries/dashboard";

/**
 * A daily score line. Days without a score (no collection, or an account's collection failed) are
 * left as gaps in the line, never joined across: a gap is not a drop.
 */
export function ScoreTrendChart({ points, label }: { points: ScorePoint[]; label: string }) {
  return (
    <div className="h-48" role="img" aria-label={label} data-testid="score-trend">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={32} />
          <YAxis domain={[0, 100]} tick={{ fontSize: 11 }} width={32} />
          <Tooltip
            formatter={(value) => [value ?? "no score (collection failed or did not run)", "Score"]}
            contentStyle={{ fontSize: 12 }}
          />
          <Line
            type="monotone"
            dataKey="score"
            name="Score"
            stroke="#4f46e5"
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
