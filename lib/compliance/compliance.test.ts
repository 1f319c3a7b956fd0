import { describe, expect, it } from "vitest";
import { allChecks } from "@/lib/checks/registry";
import { CIS_AWS_V7, cisAwsV7, cisAwsV7Controls } from "./cis-aws-v7";
import { FSBP, fsbpControls, fsbpControlsWithChecks } from "./fsbp";

describe("CIS AWS Foundations v7.0", () => {
  it("lists the 70 recommendations once each, 34 of them automated", () => {
    expect(cisAwsV7).toHaveLength(70);
    expect(new Set(cisAwsV7.map((r) => r.id)).size).toBe(70);
    expect(cisAwsV7.filter((r) => r.assessment === "automated")).toHaveLength(34);
  });

  it("maps every automated recommendation to at least one check of the catalogue", () => {
    const unmapped = cisAwsV7Controls(allChecks)
      .filter((c) => c.assessment === "automated" && c.checks.length === 0)
      .map((c) => c.id);
    expect(unmapped).toEqual([]);
  });

  it("has no check referencing a CIS v7.0 id that does not exist, nor an older CIS version", () => {
    const ids = new Set(cisAwsV7.map((r) => r.id));
    for (const c of allChecks)
      for (const f of c.frameworks) {
        expect(f.framework, c.id).not.toMatch(/^CIS AWS Foundations v(?!7\.0$)/);
        if (f.framework === CIS_AWS_V7) expect(ids.has(f.control), `${c.id}: ${f.control}`).toBe(true);
      }
  });
});

describe("FSBP", () => {
  it("lists every FSBP control a check references, and each listed control has a check", () => {
    const listed = new Set(fsbpControls.map((c) => c.id));
    for (const c of allChecks)
      for (const f of c.frameworks)
        if (f.framework === FSBP) expect(listed.has(f.control), `${c.id}: ${f.control}`).toBe(true);
    expect(fsbpControlsWithChecks(allChecks).filter((c) => c.checks.length === 0)).toEqual([]);
  });
});
