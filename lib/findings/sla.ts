import { z } from "zod";
import { severities, type Environment, type Severity } from "@/lib/domain/vocabulary";

// Remediation deadlines (SLA) and how long a suppression may last, per severity. The settings row
// is validated here; the snapshot writer, the triage actions and the Settings page share these rules.

export const SLA_SETTINGS_KEY = "sla";
const DAY = 86_400_000;
const MAX_DAYS = 3650;

const days = z.int().min(1).max(MAX_DAYS).nullable();
const perSeverity = z.strictObject(
  Object.fromEntries(severities.map((s) => [s, days])) as Record<Severity, typeof days>,
);

export const slaSettingsSchema = z
  .strictObject({
    /** Days from first seen to fix an open finding; null = no deadline. */
    days: perSeverity,
    /** A stricter deadline for prod accounts; null = the same as `days`. */
    prodDays: perSeverity,
    /** The longest a suppression may last; null = no limit (it may be indefinite). */
    maxSuppressionDays: perSeverity,
  })
  .superRefine((v, ctx) => {
    for (const s of severities) {
      const base = v.days[s];
      const prod = v.prodDays[s];
      if (prod !== null && base !== null && prod > base)
        ctx.addIssue({ code: "custom", path: ["prodDays", s], message: "must be at most the days for every account" });
    }
  });
export type SlaSettings = z.infer<typeof slaSettingsSchema>;

export const defaultSlaSettings: SlaSettings = {
  days: { critical: 7, high: 30, medium: 90, low: 180, informational: null },
  prodDays: { critical: null, high: null, medium: null, low: null, informational: null },
  maxSuppressionDays: { critical: 30, high: 90, medium: 180, low: 365, informational: null },
};

/** The settings in force from the stored row: the defaults when none is saved or it no longer parses. */
export function resolveSlaSettings(stored: unknown): SlaSettings {
  if (stored === undefined || stored === null) return defaultSlaSettings;
  const parsed = slaSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultSlaSettings;
}

/** Days to fix a finding of this severity in an account of this environment, or null for no deadline. */
export function slaDays(settings: SlaSettings, severity: Severity, environment: Environment | null): number | null {
  const base = settings.days[severity];
  return environment === "prod" ? (settings.prodDays[severity] ?? base) : base;
}

/** An open finding's due date: first seen plus the days that apply. */
export function dueDate(
  settings: SlaSettings,
  f: { firstSeenAt: Date; severity: Severity; environment: Environment | null },
): Date | null {
  const d = slaDays(settings, f.severity, f.environment);
  return d === null ? null : new Date(f.firstSeenAt.getTime() + d * DAY);
}

/** The days per (severity, prod?) pair, as the database recomputes due dates from it. */
export function slaTable(settings: SlaSettings): { severity: Severity; prod: boolean; days: number | null }[] {
  return severities.flatMap((severity) => [
    { severity, prod: false, days: slaDays(settings, severity, null) },
    { severity, prod: true, days: slaDays(settings, severity, "prod") },
  ]);
}

export type SuppressionExpiry = { ok: true; until: Date | null } | { ok: false; latest: Date };

/**
 * The expiry a suppression gets: as asked when within the severity's maximum, the maximum when none
 * was asked (risk acceptance must expire), refused beyond it.
 */
export function suppressionExpiry(
  settings: SlaSettings,
  severity: Severity,
  asked: Date | null,
  now: Date,
  opts: { clamp?: boolean } = {},
): SuppressionExpiry {
  const max = settings.maxSuppressionDays[severity];
  if (max === null) return { ok: true, until: asked };
  const latest = new Date(now.getTime() + max * DAY);
  if (asked === null || (opts.clamp && asked.getTime() > latest.getTime())) return { ok: true, until: latest };
  return asked.getTime() <= latest.getTime() ? { ok: true, until: asked } : { ok: false, latest };
}

export type SlaState = "on_time" | "due_soon" | "overdue";

/** An open finding's SLA state (the findings filter uses the same thresholds in SQL). */
export function slaState(dueAt: Date | null, now: Date, dueSoonDays: number): SlaState | null {
  if (dueAt === null) return null;
  if (dueAt.getTime() < now.getTime()) return "overdue";
  return dueAt.getTime() < now.getTime() + dueSoonDays * DAY ? "due_soon" : "on_time";
}
