import { describe, expect, it } from "vitest";
import { detectCostAnomalies, type DailyPoint } from "./anomaly";

const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
const series = (values: number[]): DailyPoint[] => values.map((amount, i) => ({ day: day(i), amount }));
// A steady bill with a weekly rhythm and a little noise.
const steady = (n: number) =>
  Array.from({ length: n }, (_, i) => 100 + (i % 7 === 5 || i % 7 === 6 ? -20 : 0) + ((i * 37) % 9));

describe("detectCostAnomalies", () => {
  it("finds a spike against the trailing baseline, with expected and actual", () => {
    const values = steady(40);
    values[30] = 480;
    const found = detectCostAnomalies(series(values));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ day: day(30), actual: 480, severity: "high" });
    expect(found[0]!.expected).toBeGreaterThan(90);
    expect(found[0]!.expected).toBeLessThan(110);
  });

  it("grades by how many times the usual bill a day cost", () => {
    const values = steady(40);
    values[30] = 900;
    expect(detectCostAnomalies(series(values))[0]?.severity).toBe("critical");
  });

  it("ignores the weekly rhythm and ordinary noise", () => {
    expect(detectCostAnomalies(series(steady(60)))).toEqual([]);
  });

  it("still sees a second spike after the first (the baseline is robust)", () => {
    const values = steady(50);
    values[25] = 600;
    values[27] = 600;
    expect(detectCostAnomalies(series(values)).map((a) => a.day)).toEqual([day(25), day(27)]);
  });

  it("gives no verdict without enough history, and never flags drops or tiny bills", () => {
    const values = steady(10);
    values[9] = 900;
    expect(detectCostAnomalies(series(values))).toEqual([]);
    const down = steady(30);
    down[20] = 0;
    expect(detectCostAnomalies(series(down))).toEqual([]);
    const tiny = Array.from({ length: 30 }, () => 0.1);
    tiny[25] = 2;
    expect(detectCostAnomalies(series(tiny))).toEqual([]);
  });

  it("grades a sustained step up as a medium anomaly on its first day", () => {
    const values = [...steady(30), ...steady(10).map((v) => v * 1.8)];
    const found = detectCostAnomalies(series(values));
    expect(found[0]).toMatchObject({ day: day(30), severity: "medium" });
  });
});
