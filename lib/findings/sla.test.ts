import { describe, expect, it } from "vitest";
import {
  defaultSlaSettings,
  dueDate,
  resolveSlaSettings,
  slaSettingsSchema,
  slaState,
  slaTable,
  suppressionExpiry,
} from "./sla";

const t0 = new Date("2026-05-01T00:00:00Z");
const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);

describe("SLA", () => {
  it("dates an open finding from first seen by the days of its severity", () => {
    expect(dueDate(defaultSlaSettings, { firstSeenAt: t0, severity: "critical", environment: "dev" })).toEqual(days(7));
    expect(dueDate(defaultSlaSettings, { firstSeenAt: t0, severity: "low", environment: null })).toEqual(days(180));
    expect(dueDate(defaultSlaSettings, { firstSeenAt: t0, severity: "informational", environment: "prod" })).toBeNull();
  });

  it("applies the stricter prod column to prod accounts only", () => {
    const s = { ...defaultSlaSettings, prodDays: { ...defaultSlaSettings.prodDays, high: 10 } };
    expect(dueDate(s, { firstSeenAt: t0, severity: "high", environment: "prod" })).toEqual(days(10));
    expect(dueDate(s, { firstSeenAt: t0, severity: "high", environment: "staging" })).toEqual(days(30));
    expect(slaTable(s)).toContainEqual({ severity: "high", prod: true, days: 10 });
    expect(slaTable(s)).toContainEqual({ severity: "high", prod: false, days: 30 });
  });

  it("refuses a prod deadline looser than the general one, and falls back to the defaults on a bad row", () => {
    const bad = { ...defaultSlaSettings, prodDays: { ...defaultSlaSettings.prodDays, critical: 8 } };
    const parsed = slaSettingsSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["prodDays", "critical"]);
    expect(resolveSlaSettings(bad)).toEqual(defaultSlaSettings);
    expect(resolveSlaSettings(undefined)).toEqual(defaultSlaSettings);
  });

  it("caps a suppression by the severity's maximum, and gives one when none is asked", () => {
    expect(suppressionExpiry(defaultSlaSettings, "critical", null, t0)).toEqual({ ok: true, until: days(30) });
    expect(suppressionExpiry(defaultSlaSettings, "critical", days(10), t0)).toEqual({ ok: true, until: days(10) });
    expect(suppressionExpiry(defaultSlaSettings, "critical", days(31), t0)).toEqual({ ok: false, latest: days(30) });
    expect(suppressionExpiry(defaultSlaSettings, "critical", days(31), t0, { clamp: true })).toEqual({
      ok: true,
      until: days(30),
    });
    expect(suppressionExpiry(defaultSlaSettings, "informational", null, t0)).toEqual({ ok: true, until: null });
  });

  it("names the SLA state", () => {
    expect(slaState(days(-1), t0, 7)).toBe("overdue");
    expect(slaState(days(3), t0, 7)).toBe("due_soon");
    expect(slaState(days(30), t0, 7)).toBe("on_time");
    expect(slaState(null, t0, 7)).toBeNull();
  });
});
