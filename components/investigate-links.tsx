import { Link } from "@/components/link";
import type { SubjectLink } from "@/lib/domain/investigation-subjects";

const NOUN = { key: "key", principal: "principal" } as const;

/**
 * "Investigate this key/principal" links to the CloudTrail investigation: plain anchors, so they work
 * without JavaScript. `compact` drops the value for table rows that already show it.
 */
export function InvestigateLinks({ links, compact = false }: { links: SubjectLink[]; compact?: boolean }) {
  if (links.length === 0) return null;
  return (
    <ul className={compact ? "mt-1 space-y-0.5" : "flex flex-wrap gap-x-4 gap-y-1"} aria-label="Investigations">
      {links.map((l) => (
        <li key={l.href} className="text-xs">
          <Link
            href={l.href}
            className="font-sans font-medium text-indigo-700 hover:underline dark:text-indigo-300"
            aria-label={`Investigate this ${NOUN[l.kind]}: ${l.value}`}
            data-testid="investigate-link"
            title={l.value}
          >
            Investigate this {NOUN[l.kind]}
          </Link>
          {!compact && <span className="ml-1 break-all font-mono text-slate-500 dark:text-slate-400">{l.value}</span>}
        </li>
      ))}
    </ul>
  );
}
