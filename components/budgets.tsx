import { Link } from "./link";
import { Pill, formatDateTime, formatMoney } from "./ui";
import type { AccountBillingWatch, BillingWatchItem } from "@/lib/db/queries/budgets";
import {
  billingFindingUrl,
  billingWatchState,
  budgetHealth,
  isStaleRead,
  type BudgetHealth,
} from "@/lib/domain/budgets";

// An account's AWS Budgets and billing alarms beside its spend (Costs page and account page). Server
// components: the finding link is computed from the check's identity, which needs node:crypto.

const linkClass = "text-indigo-700 hover:underline dark:text-indigo-300";

const FILL: Record<BudgetHealth, string> = {
  over: "bg-red-500",
  at_risk: "bg-amber-500",
  ok: "bg-emerald-500",
  unknown: "bg-slate-400",
};
const HEALTH_TEXT: Record<BudgetHealth, string> = {
  over: "Over its limit",
  at_risk: "Forecast over its limit",
  ok: "Within its limit",
  unknown: "No spend to compare",
};
const HEALTH_TONE = { over: "bad", at_risk: "warn", ok: "good", unknown: "neutral" } as const;

function amount(n: number, unit: string | null): string {
  return !unit || unit === "USD" ? formatMoney(n).replace(/\.00$/, "") : `${n.toLocaleString("en-US")} ${unit}`;
}

const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
const period = (timeUnit: string | null) => (timeUnit ? timeUnit.toLowerCase() : "");

/** One budget: spend so far against its limit, a tick at the limit and a marker at AWS's forecast. */
export function BudgetMeter({ budget: b }: { budget: BillingWatchItem }) {
  const health = budgetHealth(b);
  const limit = b.limitAmount;
  const actual = b.actualSpend;
  const forecast = b.forecastedSpend;
  const kind = [period(b.timeUnit), b.budgetType && b.budgetType !== "COST" ? b.budgetType.toLowerCase() : ""]
    .filter(Boolean)
    .join(" ");
  const head = (
    <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-xs">
      <span className="font-medium text-slate-800 dark:text-slate-200">
        {b.name}
        {kind && <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">({kind})</span>}
      </span>
      {health !== "unknown" && <Pill tone={HEALTH_TONE[health]}>{HEALTH_TEXT[health]}</Pill>}
    </div>
  );
  if (health === "unknown" || limit === null || actual === null)
    return (
      <div data-testid="budget" className="space-y-1">
        {head}
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {limit !== null ? `Limit ${amount(limit, b.limitUnit)}; ` : ""}AWS reports no spend against a limit for this
          budget.
        </p>
      </div>
    );
  // A little room past the largest figure keeps the forecast marker off the bar's end.
  const scale = Math.max(limit, actual, forecast ?? 0) * 1.06;
  const at = (n: number) => `${Math.min(100, (n / scale) * 100)}%`;
  const text = `${amount(actual, b.limitUnit)} of ${amount(limit, b.limitUnit)} (${pct(actual, limit)})${
    forecast !== null ? `; forecast ${amount(forecast, b.limitUnit)} (${pct(forecast, limit)})` : ""
  }`;
  return (
    <div data-testid="budget" className="space-y-1">
      {head}
      <div
        role="meter"
        aria-label={`${b.name}: spend against its limit`}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(actual, limit)}
        aria-valuetext={text}
        className="relative h-2.5 rounded-full bg-slate-200 dark:bg-slate-700"
      >
        <div className={`h-full rounded-full ${FILL[health]}`} style={{ width: at(actual) }} />
        <span
          aria-hidden
          title={`Limit ${amount(limit, b.limitUnit)}`}
          className="absolute -top-1 h-[1.125rem] w-0.5 -translate-x-1/2 bg-slate-800 dark:bg-slate-100"
          style={{ left: at(limit) }}
        />
        {forecast !== null && (
          <span
            aria-hidden
            title={`Forecast ${amount(forecast, b.limitUnit)}`}
            className="absolute top-1/2 size-3 -translate-x-1/2 -translate-y-1/2 rotate-45 border-2 border-white bg-indigo-600 dark:border-slate-900 dark:bg-indigo-400"
            style={{ left: at(forecast) }}
          />
        )}
      </div>
      <p className="text-xs tabular-nums text-slate-600 dark:text-slate-400">
        {text}
        {b.timeUnit && <span className="text-slate-500"> this {period(b.timeUnit).replace(/ly$/, "")}</span>}
      </p>
    </div>
  );
}

function AlarmLine({ alarm: a }: { alarm: BillingWatchItem }) {
  const tone = a.state === "ALARM" ? "bad" : a.state === "OK" ? "good" : "neutral";
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
      <Pill tone={tone}>{a.state === "INSUFFICIENT_DATA" ? "no data" : (a.state ?? "unknown").toLowerCase()}</Pill>
      <span className="font-medium text-slate-800 dark:text-slate-200">{a.name}</span>
      <span className="tabular-nums text-slate-600 dark:text-slate-400">
        {a.threshold !== null ? `at ${formatMoney(a.threshold).replace(/\.00$/, "")}` : ""}
        {a.metric ? ` · ${a.metric}` : ""}
        {a.actionsEnabled === false || a.actions === 0 ? " · notifies nobody" : ""}
      </span>
    </li>
  );
}

/** What the meters' marks mean, once per list of them. */
export function BudgetLegend() {
  return (
    <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-hidden>
      <span className="inline-flex items-center gap-1.5">
        <span className="inline-block h-3 w-0.5 bg-slate-800 dark:bg-slate-100" /> limit
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span className="inline-block size-2.5 rotate-45 bg-indigo-600 dark:bg-indigo-400" /> AWS forecast for the
        period
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span className="inline-block h-2 w-4 rounded-full bg-red-500" /> over
        <span className="ml-2 inline-block h-2 w-4 rounded-full bg-amber-500" /> forecast over
        <span className="ml-2 inline-block h-2 w-4 rounded-full bg-emerald-500" /> within
      </span>
    </p>
  );
}

/** Everything that watches one account's spend, or why nothing is shown. */
export function BillingWatchDetails({ watch: w }: { watch: AccountBillingWatch }) {
  const state = billingWatchState(w);
  const stale =
    isStaleRead(w.budgetsReadAt, w.lastCollectedAt) || isStaleRead(w.alarmsReadAt, w.lastCollectedAt)
      ? [w.budgetsReadAt, w.alarmsReadAt]
          .filter((d): d is Date => d !== null)
          .sort((a, b) => a.getTime() - b.getTime())[0]
      : undefined;
  if (state === "not_read")
    return (
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Not read yet: each collection reads AWS Budgets and the billing alarms in us-east-1.
      </p>
    );
  return (
    <div className="space-y-2" data-testid="billing-watch">
      {stale && (
        <p className="text-xs">
          <Pill tone="warn">Stale</Pill>{" "}
          <span className="text-slate-600 dark:text-slate-400">
            As read {formatDateTime(stale)}: the last collection could not read them (its errors are on the account
            page).
          </span>
        </p>
      )}
      {state === "none" ? (
        <p className="text-sm" data-testid="no-billing-watch">
          <Pill tone="bad">No budget and no billing alarm</Pill>{" "}
          <Link href={billingFindingUrl(w.accountId)} className={`text-xs ${linkClass}`}>
            See the finding and how to add one
          </Link>
        </p>
      ) : (
        <>
          {w.budgets.map((b) => (
            <BudgetMeter key={b.name} budget={b} />
          ))}
          {w.isManagement && w.budgets.length > 0 && (
            <p className="text-xs text-slate-500 dark:text-slate-400">
              In the management account, a budget without filters covers the whole organization&apos;s bill.
            </p>
          )}
          {w.alarms.length > 0 && (
            <ul className="space-y-1" aria-label={`Billing alarms of ${w.accountName}`}>
              {w.alarms.map((a) => (
                <AlarmLine key={a.name} alarm={a} />
              ))}
            </ul>
          )}
          {w.budgets.length === 0 && (
            <p className="text-xs text-slate-500 dark:text-slate-400">No AWS Budgets budget; watched by its alarm.</p>
          )}
        </>
      )}
    </div>
  );
}
