import type { Metadata } from "next";
import { getDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { checkDatabase } from "@/lib/db/queries/health";
import { readFileSync } from "node:fs";
import { CHECK_SETTINGS_KEY, defaultCheckSettings, parseCheckSettingsFile, resolveCheckSettings, type CheckSettings } from "@/lib/checks/settings";
import { getSetting } from "@/lib/db/queries/settings";
import { Card, Code, PageHeader, Pill } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Settings" };

const LABELS: Record<keyof CheckSettings, string> = {
  unusedRegions: "Unused regions",
  logArchiveBucket: "Central log-archive bucket",
  logArchiveAccountId: "Log-archive account",
  onPremisesCidrs: "On-premises CIDR ranges",
  adminUserThreshold: "Most IAM admin users allowed",
  prodSeverityRaise: "Severity raise in prod (levels)",
  sensitiveDataTag: "Tag marking sensitive buckets",
};

function show(value: unknown): string {
  if (value === undefined || value === null) return "not set";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(" | ") : String(v)}`).join("; ");
  return String(value);
}

/** The check settings in force and where they come from: saved by an admin, the settings file, or the defaults. */
async function effectiveCheckSettings(db: Awaited<ReturnType<typeof getDatabase>>["db"]) {
  let base = defaultCheckSettings;
  let fileError: string | null = null;
  if (env.POSTURE_SETTINGS_FILE) {
    try {
      base = parseCheckSettingsFile(readFileSync(env.POSTURE_SETTINGS_FILE, "utf8"), env.POSTURE_SETTINGS_FILE);
    } catch (err) {
      fileError = (err as Error).message;
    }
  }
  const stored = await getSetting(db, CHECK_SETTINGS_KEY);
  return { settings: resolveCheckSettings(stored, base), source: stored ? "saved in this installation" : env.POSTURE_SETTINGS_FILE ? `file ${env.POSTURE_SETTINGS_FILE}` : "defaults", fileError };
}

export default async function SettingsPage() {
  await requirePage("admin");
  const { db, mode } = await getDatabase();
  const [health, checks] = await Promise.all([checkDatabase(db), effectiveCheckSettings(db)]);
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
        <Card title="Check settings">
          <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">From: {checks.source}. Editing them here comes with sign-in; until then use a settings file (README → Check settings).</p>
          {checks.fileError && <p role="alert" className="mb-3 whitespace-pre-wrap text-xs text-red-700 dark:text-red-300">{checks.fileError}</p>}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            {(Object.keys(LABELS) as (keyof CheckSettings)[]).map((key) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{LABELS[key]}</dt>
                <dd className="font-mono text-xs leading-5">{show(checks.settings[key])}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
