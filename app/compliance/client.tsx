"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#4f46e5", "#dc2626", "#059669", "#f97316", "#0ea5e9", "#a21caf", "#ca8a04", "#64748b"];

/** Each account's percentage of judged controls passed, per day. */
export function ComplianceTrendChart({
  points,
  accounts,
}: {
  points: Record<string, string | number | null>[];
  accounts: { id: string; name: string }[];
}) {
  return (
    <div className="h-72" role="img" aria-label="Controls passed per account, percent, per day">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis domain={[0, 100]} tick={{ fontSize: 12 }} width={44} unit="%" />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {accounts.map((a, i) => (
            <Line
              key={a.id}
              type="monotone"
              dataKey={a.id}
              name={a.name}
              stroke={COLORS[i % COLORS.length]}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
