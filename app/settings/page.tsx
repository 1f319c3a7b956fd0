import type { Metadata } from "next";
import { getDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { checkDatabase } from "@/lib/db/queries/health";
import { describeCheckSettings } from "@/lib/settings/check-settings";
import { getDemoState } from "@/lib/db/queries/demo";
import { Card, Code, PageHeader, Pill } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { CheckSettingsEditor } from "./check-settings-editor";
import { DemoRemoval } from "./demo-removal";
import { SlaEditor } from "./sla-editor";
import { SuppressionRules } from "./suppression-rules";
import { listRuleCheckOptions, listRules } from "@/lib/db/queries/suppression-rules";
import { loadSlaSettings } from "@/lib/triage/actions";
import { resolveRuleSettings } from "@/lib/activity/rules";
import { loadActivityRuleSettings } from "@/lib/settings/activity-rules";
import { ActivityRulesEditor } from "./activity-rules-editor";
import { Cron } from "croner";
import { listTableSizes, retentionTargets } from "@/lib/db/queries/retention";
import { RETENTION_CRON, retentionKindInfo } from "@/lib/domain/retention";
import { loadLastPurge, loadRetentionSettings, previewRetention } from "@/lib/settings/retention";
import { RetentionEditor, type RetentionKindRow } from "./retention-editor";
import { DatabaseSizes } from "./database-sizes";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePage("admin");
  const { db, mode } = await getDatabase();
  const [health, checks, demo, sla, rules, checkOptions, activityRules, retention, sizes, lastPurge] =
    await Promise.all([
      checkDatabase(db),
      describeCheckSettings(db, { file: env.POSTURE_SETTINGS_FILE }),
      getDemoState(db),
      loadSlaSettings(db),
      listRules(db),
      listRuleCheckOptions(db),
      loadActivityRuleSettings(db),
      loadRetentionSettings(db),
      listTableSizes(db),
      loadLastPurge(db),
    ]);
  const preview = await previewRetention(db, { settings: retention, now: new Date() });
  const size = new Map(sizes.map((t) => [t.table, t]));
  const retentionRows: RetentionKindRow[] = preview.map((p) => {
    const tables = [...new Set(retentionTargets[p.kind].map((t) => t.table))];
    const { label, covers, keeps, minDays } = retentionKindInfo[p.kind];
    return {
      kind: p.kind,
      label,
      covers,
      keeps,
      minDays,
      days: retention[p.kind],
      tables,
      rows: tables.reduce((n, t) => n + (size.get(t)?.rows ?? 0), 0),
      bytes: tables.reduce((n, t) => n + (size.get(t)?.bytes ?? 0), 0),
      removes: p.total,
    };
  });
  const nextPurge = new Cron(RETENTION_CRON, { timezone: "UTC" }).nextRun();
  const ruleRows = rules.map(({ rule, checkTitle, createdByEmail, suppressed }) => ({
    id: rule.id,
    conditions: [
      checkTitle ?? "Every check",
      rule.resourcePattern && `resource ${rule.resourcePattern}`,
      rule.accountId && `account ${rule.accountId}`,
      rule.ouId && `OU ${rule.ouId}`,
      rule.environment && `${rule.environment} accounts`,
      rule.tagKey && `tag ${rule.tagKey}${rule.tagValue ? `=${rule.tagValue}` : ""}`,
    ].filter((c): c is string => Boolean(c)),
    reason: rule.reason,
    kind: rule.kind,
    createdBy: createdByEmail,
    createdAt: rule.createdAt.toISOString(),
    suppressed,
  }));
  return (
    <>
      <PageHeader
        title="Settings"
        description="Organization settings used by collection and checks, and the state of this installation."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Database">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-slate-500">Mode</dt>
            <dd>
              {mode === "embedded" ? (
                <>
                  Embedded PGlite under <Code>{env.POSTURE_DATA_DIR}</Code>
                </>
              ) : (
                "PostgreSQL (DATABASE_URL)"
              )}
            </dd>
            <dt className="text-slate-500">Migrations</dt>
            <dd>
              {health.migrations.applied} of {health.migrations.committed} applied{" "}
              <Pill tone={health.migrations.upToDate ? "good" : "bad"}>
                {health.migrations.upToDate ? "up to date" : "behind"}
              </Pill>
            </dd>
            <dt className="text-slate-500">Round trip</dt>
            <dd className="tabular-nums">{health.latencyMs} ms</dd>
          </dl>
          {mode === "embedded" && (
            <p className="mt-4 text-xs text-slate-500 dark:text-slate-400">
              The embedded database suits one person and a demo. For a team, set <Code>DATABASE_URL</Code> to a
              PostgreSQL server and run workers (README → Postgres mode).
            </p>
          )}
        </Card>
        <Card title="Check settings">
          <CheckSettingsEditor
            settings={checks.settings}
            source={checks.source}
            saved={checks.saved}
            baseLabel={checks.baseLabel}
            fileError={checks.error}
          />
        </Card>
        <Card title="Remediation deadlines (SLA)">
          <SlaEditor settings={sla} />
        </Card>
        <Card title="Suppression rules">
          <SuppressionRules rules={ruleRows} checks={checkOptions} />
        </Card>
        <div id="activity-rules" className="scroll-mt-6 lg:col-span-2">
          <Card title="Risky activity rules (CloudTrail)">
            <ActivityRulesEditor rules={resolveRuleSettings(activityRules)} />
          </Card>
        </div>
        <div id="retention" className="scroll-mt-6 lg:col-span-2">
          <Card title="Data retention">
            <RetentionEditor
              kinds={retentionRows}
              lastPurge={lastPurge}
              nextRun={nextPurge?.toISOString() ?? null}
              schedule={mode === "embedded" ? "daily at 03:40 UTC in this server" : "daily at 03:40 UTC on a worker"}
            />
            <DatabaseSizes sizes={sizes} />
          </Card>
        </div>
        {demo.present && (
          <div id="demo" className="scroll-mt-6 lg:col-span-2">
            <Card title="Demo organization">
              <DemoRemoval accounts={demo.accounts} loading={!demo.loaded && !demo.loading?.stalled} />
            </Card>
          </div>
        )}
      </div>
    </>
  );
}
