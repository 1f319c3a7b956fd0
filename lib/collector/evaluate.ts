import type { Severity } from "@/lib/db/enums";
import type { FailedResult } from "@/lib/db/queries/snapshot";
import type { Check, CheckContext } from "@/lib/checks/types";

export type Evaluation = { failed: FailedResult[]; evaluated: { checkId: string; region: string }[]; results: number };

/**
 * Runs every check of the unit's scope whose inventory was read in full. A check whose inventory is
 * missing yields no result at all: an unreadable inventory is never a pass.
 */
export function evaluateChecks(checks: readonly Check[], ctx: CheckContext, severityFor: (check: Check) => Severity = (c) => c.severity): Evaluation {
  const out: Evaluation = { failed: [], evaluated: [], results: 0 };
  for (const check of checks) {
    if (!check.requires.every((key) => ctx.inventory[key] !== undefined)) continue;
    const results = check.evaluate(ctx);
    out.evaluated.push({ checkId: check.id, region: ctx.region });
    out.results += results.length;
    for (const r of results) {
      if (r.status !== "fail") continue;
      out.failed.push({ checkId: check.id, region: ctx.region, resourceId: r.resourceId, resourceType: r.resourceType, severity: severityFor(check), evidence: r.evidence });
    }
  }
  return out;
}
