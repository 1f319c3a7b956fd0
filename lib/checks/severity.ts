import type { Environment, Severity } from "@/lib/domain/vocabulary";

const LADDER: Severity[] = ["informational", "low", "medium", "high", "critical"];

/** A check's severity in an account: raised by `prodRaise` levels in prod, capped at critical. */
export function effectiveSeverity(base: Severity, environment: Environment, prodRaise: number): Severity {
  if (environment !== "prod" || prodRaise <= 0 || base === "informational") return base;
  return LADDER[Math.min(LADDER.length - 1, LADDER.indexOf(base) + prodRaise)]!;
}
