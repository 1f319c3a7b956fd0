import { describe, expect, it } from "vitest";
import { compareAnomalies, type OurIncident, type TheirAnomaly } from "./anomaly-match";

const EC2 = "Amazon Elastic Compute Cloud - Compute";
const A = "111111111111";
const B = "222222222222";
const ours = (o: Partial<OurIncident>): OurIncident => ({
  id: "o1",
  accountId: A,
  service: "Total",
  startDay: "2026-03-10",
  lastDay: "2026-03-12",
  ...o,
});
const theirs = (t: Partial<TheirAnomaly>): TheirAnomaly => ({
  anomalyId: "t1",
  accountId: A,
  service: EC2,
  startDay: "2026-03-11",
  endDay: "2026-03-12",
  ...t,
});
const today = "2026-04-01";

describe("compareAnomalies", () => {
  it("agrees when the same account's days overlap, our total and services counting as one event", () => {
    const rows = compareAnomalies([ours({}), ours({ id: "o2", service: EC2 })], [theirs({})], { today });
    expect(rows).toEqual([
      { kind: "agreed", ours: [ours({}), ours({ id: "o2", service: EC2 })], theirs: [theirs({})] },
    ]);
  });

  it("allows a day of slack, and no more", () => {
    expect(
      compareAnomalies([ours({})], [theirs({ startDay: "2026-03-13", endDay: "2026-03-14" })], { today })[0]!.kind,
    ).toBe("agreed");
    const far = compareAnomalies([ours({})], [theirs({ startDay: "2026-03-14", endDay: "2026-03-15" })], { today });
    expect(far.map((r) => r.kind).sort()).toEqual(["only_ours", "only_theirs"]);
  });

  it("keeps accounts and services apart", () => {
    const rows = compareAnomalies(
      [
        ours({ service: "Amazon Simple Storage Service" }),
        ours({ id: "o3", accountId: B, startDay: "2026-01-01", lastDay: "2026-01-01" }),
      ],
      [theirs({}), theirs({ anomalyId: "t2", accountId: B, startDay: "2026-03-11" })],
      { today },
    );
    expect(rows.filter((r) => r.kind === "agreed")).toEqual([]);
    expect(rows.filter((r) => r.kind === "only_theirs")).toHaveLength(2);
    expect(rows.filter((r) => r.kind === "only_ours")).toHaveLength(2);
  });

  it("treats an ongoing AWS anomaly as lasting until today, and sorts newest first", () => {
    const rows = compareAnomalies(
      [
        ours({ startDay: "2026-03-30", lastDay: "2026-03-31" }),
        ours({ id: "old", startDay: "2026-02-01", lastDay: "2026-02-01" }),
      ],
      [theirs({ startDay: "2026-03-20", endDay: null })],
      { today },
    );
    expect(rows.map((r) => r.kind)).toEqual(["agreed", "only_ours"]);
  });
});
