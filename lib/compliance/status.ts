import type { FrameworkControl } from "./cis-aws-v7";

// Where a control stands, per account and rolled up by environment or team: pure, shared by the
// compliance page and its CSV export.

export type ControlStatus = "pass" | "fail" | "not_applicable" | "not_collected";
export type CheckStat = { accountId: string; checkId: string; passed: number; failed: number; notApplicable: number };
export type ComplianceAccount = { id: string; name: string; environment: string; teams: string[] };
export type StatusCounts = Record<ControlStatus, number>;

/**
 * A control on one account: "fail" when any of its checks failed a resource, "pass" when none failed
 * and one passed, "not_applicable" when its checks found nothing to judge, "not_collected" when
 * none of them was evaluated there (or the control has no check).
 */
export function controlStatus(checkIds: readonly string[], stats: ReadonlyMap<string, CheckStat>): ControlStatus {
  const found = checkIds.flatMap((id) => (stats.has(id) ? [stats.get(id)!] : []));
  if (found.length === 0) return "not_collected";
  if (found.some((s) => s.failed > 0)) return "fail";
  if (found.some((s) => s.passed > 0)) return "pass";
  return "not_applicable";
}

export const emptyCounts = (): StatusCounts => ({ pass: 0, fail: 0, not_applicable: 0, not_collected: 0 });

export type ControlRow = FrameworkControl & {
  /** Account id → status. */
  byAccount: Record<string, ControlStatus>;
  total: StatusCounts;
};

/** Every control's status on every account, with totals. */
export function complianceMatrix(
  controls: readonly FrameworkControl[],
  accounts: readonly ComplianceAccount[],
  stats: readonly CheckStat[],
): ControlRow[] {
  const perAccount = new Map<string, Map<string, CheckStat>>();
  for (const s of stats) {
    const m = perAccount.get(s.accountId) ?? new Map<string, CheckStat>();
    m.set(s.checkId, s);
    perAccount.set(s.accountId, m);
  }
  return controls.map((c) => {
    const byAccount: Record<string, ControlStatus> = {};
    const total = emptyCounts();
    for (const a of accounts) {
      const st = controlStatus(c.checks, perAccount.get(a.id) ?? new Map());
      byAccount[a.id] = st;
      total[st]++;
    }
    return { ...c, byAccount, total };
  });
}

/** The accounts' statuses counted per group: environment, or team (an account in two teams counts in both). */
export function countsByGroup(
  row: ControlRow,
  accounts: readonly ComplianceAccount[],
  groupOf: (a: ComplianceAccount) => readonly string[],
): Record<string, StatusCounts> {
  const out: Record<string, StatusCounts> = {};
  for (const a of accounts) {
    for (const g of groupOf(a)) {
      out[g] ??= emptyCounts();
      out[g][row.byAccount[a.id] ?? "not_collected"]++;
    }
  }
  return out;
}

/** Passed controls over judged ones (passed + failed), as a whole percentage; null when none was judged. */
export function percentage(passed: number, failed: number): number | null {
  return passed + failed === 0 ? null : Math.round((100 * passed) / (passed + failed));
}
