import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { listCostIncidents, listDailyCostTotals } from "@/lib/db/queries/costs";
import { connectSteps } from "@/components/connect-steps";
import { Card, Code, EmptyState, PageHeader, SeverityBadge, Table, formatMoney, td, Thead } from "@/components/ui";
import { DailyCostChart } from "./client";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Costs" };

const WINDOW_DAYS = 90;

export default async function CostsPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const [daily, anomalies] = await Promise.all([
    listDailyCostTotals(db, viewer.scope, { days: WINDOW_DAYS }),
    listCostIncidents(db, viewer.scope, { limit: 50 }),
  ]);
  return (
    <>
      <PageHeader
        title="Costs"
        description={`Daily cost per account and service over the last ${WINDOW_DAYS} days, with spikes flagged against each series' own baseline.`}
      />
      {daily.length === 0 ? (
        <EmptyState
          title="No cost data yet"
          description="Cost is read from Cost Explorer in the management account once a day. Sudden spikes are often the first sign of a leaked key or a runaway workload."
          steps={[
            ...connectSteps.slice(0, 2),
            {
              title: "Allow Cost Explorer reads",
              body: (
                <>
                  The audit role in the management account needs <Code>ce:GetCostAndUsage</Code>.
                </>
              ),
            },
          ]}
        />
      ) : (
        <div className="space-y-6">
          <Card title="Daily cost, all accounts">
            <DailyCostChart points={daily} />
          </Card>
          <h2 className="text-sm font-semibold text-slate-700 dark:text-slate-300">Anomalies</h2>
          {anomalies.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No spikes detected in this window.</p>
          ) : (
            <Table caption="Cost anomalies">
              <Thead columns={["Day", "Account", "Service", "Expected", "Actual", "Severity"]} />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {anomalies.map((a) => (
                  <tr key={a.id}>
                    <td className={td}>{a.startDay}</td>
                    <td className={td}>{a.accountName}</td>
                    <td className={td}>{a.service}</td>
                    <td className={`${td} tabular-nums`}>{formatMoney(a.expected)}</td>
                    <td className={`${td} tabular-nums font-medium`}>{formatMoney(a.actual)}</td>
                    <td className={td}>
                      <SeverityBadge severity={a.severity} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      )}
    </>
  );
}
