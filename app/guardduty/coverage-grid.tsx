import type { GuardDutyCoverageCell } from "@/lib/db/queries/guardduty";
import { GUARDDUTY_FEATURE_LABELS, guardDutyFeatureEnabled, type GuardDutyFeatureName } from "@/lib/domain/guardduty";
import { Pill } from "@/components/ui";

/** A finding's detail page. */
export const findingHref = (f: { accountId: string; region: string; id: string }) =>
  `/guardduty/findings/${f.accountId}/${f.region}/${encodeURIComponent(f.id)}`;

type Account = { id: string; name: string; environment: string; ouPath: string | null; status: string };

export type CellView = {
  kind: "enabled" | "plans-missing" | "disabled" | "no-detector" | "unknown";
  label: string;
  detail: string;
};

/** What one account × region shows: a gap when the detector is missing, off, or lacks a required plan. */
export function describeCell(
  cell: GuardDutyCoverageCell | undefined,
  required: readonly GuardDutyFeatureName[],
  nameOf: (id: string) => string,
): CellView {
  if (!cell) return { kind: "unknown", label: "—", detail: "Not read yet (or the read failed)" };
  if (cell.status === "NONE") return { kind: "no-detector", label: "No detector", detail: "No GuardDuty detector" };
  if (cell.status !== "ENABLED")
    return { kind: "disabled", label: "Off", detail: `Detector ${cell.detectorId} is ${cell.status.toLowerCase()}` };
  const detector = {
    status: cell.status,
    features: cell.features ?? undefined,
    malwareProtectionPlans: cell.malwareProtectionPlans ?? undefined,
  };
  const missing = required.filter((f) => guardDutyFeatureEnabled(detector, f) === false);
  const admin = cell.administratorAccountId ? `managed by ${nameOf(cell.administratorAccountId)}` : "self-managed";
  if (missing.length > 0)
    return {
      kind: "plans-missing",
      label: missing.map((f) => GUARDDUTY_FEATURE_LABELS[f].replace(/ \(.*\)/, "")).join(", ") + " off",
      detail: `Enabled, ${admin}; required plans off: ${missing.map((f) => GUARDDUTY_FEATURE_LABELS[f]).join(", ")}`,
    };
  return { kind: "enabled", label: "On", detail: `Enabled, ${admin}` };
}

const cellTone: Record<CellView["kind"], string> = {
  enabled: "bg-emerald-50 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300",
  "plans-missing": "bg-amber-100 text-amber-900 ring-1 ring-amber-400 dark:bg-amber-500/20 dark:text-amber-200",
  disabled: "bg-red-100 text-red-900 ring-1 ring-red-500 dark:bg-red-500/25 dark:text-red-200",
  "no-detector": "bg-red-100 text-red-900 ring-1 ring-red-500 dark:bg-red-500/25 dark:text-red-200",
  unknown: "bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400",
};

/** Accounts × regions, grouped by environment then OU; gaps stand out in red and amber. */
export function CoverageGrid({
  accounts,
  cells,
  required,
}: {
  accounts: Account[];
  cells: GuardDutyCoverageCell[];
  required: readonly GuardDutyFeatureName[];
}) {
  const regions = [...new Set(cells.map((c) => c.region))].sort();
  const byKey = new Map(cells.map((c) => [`${c.accountId}/${c.region}`, c]));
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const delegated = [...new Set(cells.flatMap((c) => c.delegatedAdministrators ?? []))];
  const groups = new Map<string, Account[]>();
  for (const a of accounts) {
    const key = `${a.environment} · ${a.ouPath ?? "no OU"}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const gaps = accounts.flatMap((a) =>
    regions.map((r) => describeCell(byKey.get(`${a.id}/${r}`), required, nameOf).kind),
  );
  const count = (k: CellView["kind"]) => gaps.filter((g) => g === k).length;
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span>
          Delegated administrator:{" "}
          <strong className="text-slate-800 dark:text-slate-200">
            {delegated.length ? delegated.map(nameOf).join(", ") : "none reported"}
          </strong>
        </span>
        <Pill tone={count("no-detector") + count("disabled") > 0 ? "bad" : "good"}>
          {count("no-detector") + count("disabled")} without an enabled detector
        </Pill>
        <Pill tone={count("plans-missing") > 0 ? "warn" : "good"}>
          {count("plans-missing")} missing a required plan
        </Pill>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <table className="min-w-full text-left text-sm" data-testid="coverage-grid">
          <caption className="sr-only">GuardDuty coverage by account and region</caption>
          <thead>
            <tr>
              <th scope="col" className="px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
                Account
              </th>
              {regions.map((r) => (
                <th key={r} scope="col" className="px-2 py-2 font-mono text-xs font-semibold text-slate-500">
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          {[...groups].map(([group, members]) => (
            <tbody key={group} className="border-t border-slate-200 dark:border-slate-800">
              <tr>
                <th
                  colSpan={regions.length + 1}
                  scope="colgroup"
                  className="bg-slate-50 px-4 py-1.5 text-xs font-semibold capitalize text-slate-600 dark:bg-slate-800/60 dark:text-slate-300"
                >
                  {group}
                </th>
              </tr>
              {members.map((a) => (
                <tr key={a.id}>
                  <th scope="row" className="whitespace-nowrap px-4 py-1.5 font-medium">
                    {a.name}
                    <div className="font-mono text-xs font-normal text-slate-500">{a.id}</div>
                  </th>
                  {regions.map((r) => {
                    const view = describeCell(byKey.get(`${a.id}/${r}`), required, nameOf);
                    return (
                      <td key={r} className="px-2 py-1.5">
                        <span
                          className={`inline-block max-w-40 truncate rounded px-2 py-0.5 text-xs font-medium ${cellTone[view.kind]}`}
                          title={view.detail}
                          data-gap={view.kind}
                          data-cell={`${a.name}/${r}`}
                        >
                          {view.label}
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}
