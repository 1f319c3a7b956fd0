import type { Metadata } from "next";
import { getDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { checkDatabase } from "@/lib/db/queries/health";
import { listSettings } from "@/lib/db/queries/settings";
import { Card, Code, PageHeader, Pill } from "@/components/ui";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { db, mode } = await getDatabase();
  const [health, rows] = await Promise.all([checkDatabase(db), listSettings(db)]);
  return (
    <>
      <PageHeader title="Settings" description="Organization settings used by collection and checks, and the state of this installation." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Database">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-slate-500">Mode</dt>
            <dd>{mode === "embedded" ? <>Embedded PGlite under <Code>{env.POSTURE_DATA_DIR}</Code></> : "PostgreSQL (DATABASE_URL)"}</dd>
            <dt className="text-slate-500">Migrations</dt>
            <dd>
              {health.migrations.applied} of {health.migrations.committed} applied{" "}
              <Pill tone={health.migrations.upToDate ? "good" : "bad"}>{health.migrations.upToDate ? "up to date" : "behind"}</Pill>
            </dd>
            <dt className="text-slate-500">Round trip</dt>
            <dd className="tabular-nums">{health.latencyMs} ms</dd>
          </dl>
          {mode === "embedded" && (
            <p className="mt-4 text-xs text-slate-500 dark:text-slate-400">
              The embedded database suits one person and a demo. For a team, set <Code>DATABASE_URL</Code> to a PostgreSQL server
              and run workers (README → Postgres mode).
            </p>
          )}
        </Card>
        <Card title="Organization settings">
          {rows.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              All settings are at their defaults. Unused regions, the central log-archive bucket, on-premises CIDR ranges and the
              prod severity rule are set here once checks use them.
            </p>
          ) : (
            <dl className="space-y-2 text-sm">
              {rows.map((s) => (
                <div key={s.key}>
                  <dt className="font-mono text-xs text-slate-500">{s.key}</dt>
                  <dd className="font-mono text-xs">{JSON.stringify(s.value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
      </div>
    </>
  );
}
