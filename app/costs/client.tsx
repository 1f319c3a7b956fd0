"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

export function DailyCostChart({ points }: { points: { day: string; amount: number }[] }) {
  return (
    <div className="h-72" role="img" aria-label={`Daily cost over ${points.length} days`}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => usd.format(v)} tick={{ fontSize: 12 }} width={72} />
          <Tooltip formatter={(v) => usd.format(Number(v))} />
          <Area
            type="monotone"
            dataKey="amount"
            name="Cost"
            stroke="#4f46e5"
            fill="#6366f1"
            fillOpacity={0.2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
