import { parseArgs } from "node:util";
import { z } from "zod";
import { findingsFilter, type FindingsFilter } from "../../lib/contracts/findings-filter";
import { exportFormats, findingSorts, type ExportFormat, type FindingSort } from "../../lib/contracts/findings-list";
import { openFindingStatuses, severities, type Severity } from "../../lib/domain/vocabulary";

export const FINDINGS_USAGE = `usage: npm run findings -- [--format json|csv|ocsf] [--status open|NEW|ACKNOWLEDGED|SUPPRESSED|RESOLVED]
  [--severity critical,high] [--account 123456789012] [--environment prod] [--region eu-west-1]
  [--service s3] [--check id] [--q text] [--sort severity|firstSeen|lastSeen|account|check|due]
  [--fail-on critical|high|medium|low|informational] [--quiet]
Lists can repeat a flag or separate values with commas. --fail-on exits 1 when an open finding at
or above that severity matches the other filters; --quiet prints nothing but the gate's verdict.`;

export type FindingsCli = {
  format: ExportFormat;
  sort: FindingSort;
  filter: FindingsFilter;
  failOn: Severity | null;
  quiet: boolean;
};

const listFlags = ["status", "severity", "account", "environment", "region", "service", "check", "ou"] as const;

/** The CLI's arguments as a filter (the same zod schema as the page and the export route) or an error message. */
export function parseFindingsCli(argv: string[]): FindingsCli | { error: string } {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: "string", default: "json" },
        sort: { type: "string", default: "severity" },
        "fail-on": { type: "string" },
        q: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
        ...Object.fromEntries(listFlags.map((f) => [f, { type: "string", multiple: true }])),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return { error: "" };
  const raw: Record<string, unknown> = {};
  for (const flag of listFlags) {
    const given = values[flag] as string[] | undefined;
    if (!given) continue;
    const list = given
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean);
    raw[flag] =
      flag === "status"
        ? list.flatMap((v) => (v.toLowerCase() === "open" ? [...openFindingStatuses] : [v.toUpperCase()]))
        : list;
  }
  if (values.q) raw.q = values.q;
  const filter = findingsFilter.safeParse(raw);
  if (!filter.success) return { error: z.prettifyError(filter.error) };
  const format = z.enum(exportFormats).safeParse(values.format);
  if (!format.success) return { error: `--format must be one of ${exportFormats.join(", ")}` };
  const sort = z.enum(findingSorts).safeParse(values.sort);
  if (!sort.success) return { error: `--sort must be one of ${findingSorts.join(", ")}` };
  const failOn = values["fail-on"] === undefined ? null : z.enum(severities).safeParse(values["fail-on"]);
  if (failOn && !failOn.success) return { error: `--fail-on must be one of ${severities.join(", ")}` };
  return {
    format: format.data,
    sort: sort.data,
    filter: filter.data,
    failOn: failOn?.data ?? null,
    quiet: values.quiet === true,
  };
}

/** The filter the gate counts: the user's, narrowed to open findings at or above the threshold. */
export function gateFilter(filter: FindingsFilter, failOn: Severity): FindingsFilter {
  const atOrAbove = severities.slice(0, severities.indexOf(failOn) + 1);
  const severity = filter.severity ? filter.severity.filter((s) => atOrAbove.includes(s)) : [...atOrAbove];
  const status = filter.status
    ? filter.status.filter((s) => (openFindingStatuses as readonly string[]).includes(s))
    : [...openFindingStatuses];
  return { ...filter, severity, status };
}
