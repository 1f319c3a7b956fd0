import { describe, expect, it } from "vitest";
import { seededRng } from "@/lib/random";
import { detectIncidents, type DailyPoint } from "./detector";

const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
const series = (values: number[]): DailyPoint[] => values.map((amount, i) => ({ day: day(i), amount }));

/** A bill with a weekly rhythm (weekends cheaper), a trend per day and multiplicative noise. */
function bill(n: number, opts: { base?: number; trend?: number; noise?: number; seed?: number } = {}) {
  const rng = seededRng(opts.seed ?? 7);
  const base = opts.base ?? 300;
  return Array.from({ length: n }, (_, i) => {
    const weekend = i % 7 === 5 || i % 7 === 6 ? 0.7 : 1;
    const noise = 1 + (opts.noise ?? 0.05) * (rng() * 2 - 1);
    return Math.round((base + (opts.trend ?? 0) * i) * weekend * noise * 100) / 100;
  });
}

describe("detectIncidents", () => {
  it("does not alarm on weekly seasonality, noise or a steady trend", () => {
    expect(detectIncidents(series(bill(365)))).toEqual([]);
    expect(detectIncidents(series(bill(365, { trend: 1.5 })))).toEqual([]);
    expect(detectIncidents(series(bill(365, { base: 5000, noise: 0.08, seed: 3 })))).toEqual([]);
  });

  it("reports a spike with its expected and actual amounts, impact and severity", () => {
    const values = bill(120);
    values[100] = values[100]! + 1870;
    const [spike, ...rest] = detectIncidents(series(values));
    expect(rest).toEqual([]);
    expect(spike).toMatchObject({ kind: "spike", start: day(100), end: day(100), verdict: null });
    expect(spike!.impact).toBeGreaterThan(1800);
    expect(spike!.impact).toBeLessThan(1950);
    expect(spike!.days[0]!.expected).toBeGreaterThan(250);
    expect(spike!.severity).toBe("critical");
  });

  it("makes consecutive anomalous days one incident with a cumulative impact", () => {
    const values = bill(120);
    for (let i = 90; i < 94; i++) values[i] = values[i]! + 800;
    const incidents = detectIncidents(series(values));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ start: day(90), end: day(93) });
    expect(incidents[0]!.days).toHaveLength(4);
    expect(incidents[0]!.impact).toBeGreaterThan(3000);
  });

  it("alarms once on a lasting rise and keeps it ongoing while it costs more", () => {
    const values = bill(200);
    for (let i = 120; i < 200; i++) values[i] = values[i]! + 270;
    const incidents = detectIncidents(series(values));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ start: day(120), end: null });
    expect(incidents[0]!.impactPerDay).toBeGreaterThan(200);
  });

  it("reports a spike on top of an ongoing rise as an incident of its own", () => {
    const values = bill(200);
    for (let i = 120; i < 200; i++) values[i] = values[i]! + 270;
    values[160] = values[160]! + 3000;
    const incidents = detectIncidents(series(values));
    expect(incidents.map((i) => [i.start, i.end])).toEqual([
      [day(120), null],
      [day(160), day(160)],
    ]);
    expect(incidents[1]!.impact).toBeGreaterThan(2700);
    expect(incidents[0]!.impactPerDay).toBeLessThan(400);
  });

  it("ends the incident when the spend comes back down", () => {
    const values = bill(200);
    for (let i = 120; i < 150; i++) values[i] = values[i]! + 270;
    const incidents = detectIncidents(series(values));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ start: day(120), end: day(149) });
  });

  it("stops alarming on a level someone marked expected", () => {
    const values = bill(200);
    for (let i = 120; i < 200; i++) values[i] = values[i]! + 270;
    const incidents = detectIncidents(series(values), {}, [{ start: day(120), verdict: "expected" }]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ start: day(120), verdict: "expected" });
    expect(incidents[0]!.end).not.toBeNull();
    expect(incidents[0]!.days.length).toBeLessThan(8);
  });

  it("does not alarm on credits or refunds, nor on the day after one", () => {
    const values = bill(150);
    values[100] = -450;
    values[130] = -1200;
    expect(detectIncidents(series(values))).toEqual([]);
  });

  it("flags new spend on a series that had none, and never cents", () => {
    const values = [...Array.from({ length: 60 }, () => 0), ...bill(30, { base: 80 })];
    const [incident] = detectIncidents(series(values));
    expect(incident).toMatchObject({ kind: "new_spend", start: day(60) });
    const pennies = Array.from({ length: 90 }, (_, i) => (i === 70 ? 4.5 : 0.05));
    expect(detectIncidents(series(pennies))).toEqual([]);
  });

  it("treats missing days as no spend and extends a stopped series to the common last day", () => {
    const points = series(bill(100)).filter((_, i) => i !== 40);
    expect(detectIncidents(points)).toEqual([]);
    const spike = bill(100);
    spike[98] = spike[98]! + 2000;
    const [open] = detectIncidents(series(spike));
    expect(open!.end).toBeNull();
    const [closed] = detectIncidents(series(spike), {}, [], { until: day(110) });
    expect(closed!.end).toBe(day(98));
  });
});
