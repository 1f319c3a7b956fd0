import { describe, expect, it } from "vitest";
import check from "./rds-tls-not-forced";
import { ctx } from "../fixtures";
import { db, REGION } from "./fixtures";
import type { RdsInstance, RdsParameterGroups } from "@/lib/aws/rds/types";

const run = (instances: RdsInstance[], groups: RdsParameterGroups) =>
  check.evaluate(ctx({ rdsInstances: instances, rdsParameterGroups: groups }, REGION));

describe("rds_tls_not_forced", () => {
  it("passes postgres and sqlserver with rds.force_ssl=1, mysql/mariadb with require_secure_transport ON or 1", () => {
    const results = run(
      [
        db("pg", { parameterGroup: "pg" }),
        db("ms", { engine: "sqlserver-se", parameterGroup: "ms" }),
        db("my", { engine: "mysql", parameterGroup: "my" }),
        db("maria", { engine: "mariadb", parameterGroup: "maria" }),
      ],
      {
        pg: { "rds.force_ssl": "1" },
        ms: { "rds.force_ssl": "1" },
        my: { require_secure_transport: "ON" },
        maria: { require_secure_transport: "1" },
      },
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass", "pass"]);
  });

  it("fails force_ssl=0, require_secure_transport OFF, and a MySQL group that leaves it at the engine default", () => {
    const results = run(
      [
        db("pg", { engineVersion: "14.10", parameterGroup: "default.postgres14" }),
        db("my", { engine: "mysql", parameterGroup: "my" }),
        db("unset", { engine: "mysql", parameterGroup: "unset" }),
      ],
      {
        "default.postgres14": { "rds.force_ssl": "0" },
        my: { require_secure_transport: "OFF" },
        unset: { require_secure_transport: null },
      },
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "fail"]);
    expect(results[0]?.evidence).toMatchObject({
      parameterGroup: "default.postgres14",
      parameter: "rds.force_ssl",
      value: "0",
    });
    expect(results[2]?.evidence).toMatchObject({ parameter: "require_secure_transport", value: null });
  });

  it("is not applicable to engines without such a parameter (Aurora, Oracle)", () => {
    const results = run(
      [
        db("aurora-1", { engine: "aurora-postgresql", parameterGroup: "a" }),
        db("ora", { engine: "oracle-se2", parameterGroup: "o" }),
      ],
      { a: {}, o: {} },
    );
    expect(results.map((r) => r.status)).toEqual(["not_applicable", "not_applicable"]);
  });

  it("gives no result when the parameter could not be read: group unread, parameter unlisted, or postgres value unset", () => {
    const results = run(
      [
        db("unread", { parameterGroup: "missing-group" }),
        db("unlisted", { parameterGroup: "default.postgres16" }),
        db("blank", { parameterGroup: "blank" }),
        db("nogroup", { parameterGroup: undefined }),
      ],
      { "default.postgres16": {}, blank: { "rds.force_ssl": null } },
    );
    expect(results).toEqual([]);
  });
});
