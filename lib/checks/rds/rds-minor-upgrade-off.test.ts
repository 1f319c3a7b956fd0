import { describe, expect, it } from "vitest";
import { ctx } from "../fixtures";
import { db, REGION } from "./fixtures";
import check from "./rds-minor-upgrade-off";

describe("rds_minor_upgrade_off", () => {
  it("fails an instance without automatic minor upgrades and passes one with them", () => {
    const rs = check.evaluate(ctx({ rdsInstances: [db("a", { autoMinorVersionUpgrade: false }), db("b")] }, REGION));
    expect(rs.map((r) => [r.resourceId.split(":").pop(), r.status])).toEqual([
      ["a", "fail"],
      ["b", "pass"],
    ]);
  });
});
