import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { listOrgTrend } from "@/lib/db/queries/trends";
import { readCache } from "@/lib/db/read-cache";
import { connectSteps } from "@/components/connect-steps";
import { Card, EmptyState, PageHeader } from "@/components/ui";
import { OpenFindingsChart, ScoreChart } from "./client";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Trends" };

const WINDOW_DAYS = 90;

export default async function TrendsPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const today = new Date().toISOString().slice(0, 10);
  const points = await readCache.read(db, { name: "trends", scope: viewer.scope, params: [WINDOW_DAYS, today] }, () =>
    listOrgTrend(db, viewer.scope, { days: WINDOW_DAYS }),
  );
  return (
    <>
      <PageHeader
        title="Trends"
        description={`Posture score and open findings per day over the last ${WINDOW_DAYS} days.`}
      />
      {points.length === 0 ? (
        <EmptyState
          title="No history yet"
          description="Each collection writes a daily rollup per account. Trends appear once there is at least one day of history."
          steps={connectSteps}
        />
      ) : (
        <div className="grid gap-6 xl:grid-cols-2">
          <Card title="Posture score (0–100)">
            <ScoreChart points={points} />
          </Card>
          <Card title="Open findings by severity">
            <OpenFindingsChart points={points} />
          </Card>
        </div>
      )}
    </>
  );
}
