/** A labelled progress bar; `failed` paints the failed share of the done part red. */
export function ProgressBar({
  label,
  done,
  total,
  failed = 0,
}: {
  label: string;
  done: number;
  total: number;
  failed?: number;
}) {
  const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
  const failedPct = total > 0 ? Math.min(pct, (failed / total) * 100) : 0;
  return (
    <div className="min-w-32">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        className="flex h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className="bg-indigo-500" style={{ width: `${pct - failedPct}%` }} />
        <div className="bg-red-500" style={{ width: `${failedPct}%` }} />
      </div>
      <p className="mt-1 text-xs tabular-nums text-slate-500 dark:text-slate-400">
        {done}/{total}
        {failed > 0 && <span className="text-red-600 dark:text-red-400"> · {failed} failed</span>}
      </p>
    </div>
  );
}
