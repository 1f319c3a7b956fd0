/** Grey blocks in the shape of what is loading, shown while a page's sections stream in after its checks. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded-md bg-slate-200 dark:bg-slate-800 ${className}`} />;
}

/** A card-shaped placeholder with a title bar and a body of `height`. */
export function SkeletonCard({ height = "h-48", className = "" }: { height?: string; className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      <Skeleton className="mb-4 h-4 w-40" />
      <Skeleton className={height} />
    </div>
  );
}
