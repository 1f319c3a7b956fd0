import { sql, type SQL } from "drizzle-orm";
import { csvCell, csvCellSql, csvCellsSql } from "@/lib/csv";
import type { SlaState } from "@/lib/contracts/findings-filter";
import type { Environment, FindingStatus, Severity } from "@/lib/domain/vocabulary";

// The rows of a findings export in each format: CSV lines, JSON objects, and OCSF 1.x Compliance
// Finding (class_uid 2003) records, validated by lib/findings/ocsf-2003.schema.json in the tests.

export type ExportRow = {
  id: string;
  checkId: string;
  title: string;
  service: string;
  severity: Severity;
  status: FindingStatus;
  accountId: string;
  accountName: string;
  environment: Environment;
  region: string;
  resourceId: string;
  resourceType: string;
  /** Timestamps and evidence as the database wrote them (ISO 8601, JSON text): exported as they are. */
  firstSeenAt: string;
  lastSeenAt: string;
  dueAt: string | null;
  sla: SlaState | null;
  assigneeEmail: string | null;
  evidence: string;
};

/** The CSV's columns, header and field, in order: csvLine and csvLineSql both read this list. */
const CSV_COLUMNS = [
  ["id", "id"],
  ["severity", "severity"],
  ["status", "status"],
  ["check_id", "checkId"],
  ["title", "title"],
  ["service", "service"],
  ["account_id", "accountId"],
  ["account_name", "accountName"],
  ["environment", "environment"],
  ["region", "region"],
  ["resource_type", "resourceType"],
  ["resource_id", "resourceId"],
  ["first_seen_at", "firstSeenAt"],
  ["last_seen_at", "lastSeenAt"],
  ["due_at", "dueAt"],
  ["sla", "sla"],
  ["assignee", "assigneeEmail"],
  ["evidence", "evidence"],
] as const satisfies readonly (readonly [string, keyof ExportRow])[];

export const CSV_HEADER = CSV_COLUMNS.map(([header]) => header);

export const csvHeaderLine = () => `${CSV_HEADER.join(",")}\r\n`;

export function csvLine(r: ExportRow): string {
  return `${CSV_COLUMNS.map(([, field]) => csvCell(r[field])).join(",")}\r\n`;
}

/**
 * The same line written by Postgres, from the export's fields as SQL text expressions. The evidence
 * (JSON, nearly always quoted) is a cell of its own; the others are tested together (csvCellsSql).
 */
export function csvLineSql(fields: Record<keyof ExportRow, SQL>): SQL {
  const text = (field: keyof ExportRow) => sql`(${fields[field]})::text`;
  const rest = CSV_COLUMNS.filter(([, field]) => field !== "evidence").map(([, field]) => text(field));
  const last = CSV_COLUMNS[CSV_COLUMNS.length - 1]![1] === "evidence";
  if (!last) throw new Error("csvLineSql expects the evidence as the last column");
  return sql`${csvCellsSql(rest)} || ',' || ${csvCellSql(text("evidence"))} || E'\\r\\n'`;
}

/** A row as a JSON object's text; the evidence is spliced in as the JSON the database holds. */
export function jsonRecordText(r: ExportRow): string {
  const { evidence, ...rest } = r;
  return `${JSON.stringify(rest).slice(0, -1)},"evidence":${evidence}}`;
}

export const OCSF_VERSION = "1.3.0";
const severityId: Record<Severity, number> = { informational: 1, low: 2, medium: 3, high: 4, critical: 5 };
const statusId: Record<FindingStatus, number> = { NEW: 1, ACKNOWLEDGED: 2, SUPPRESSED: 3, RESOLVED: 4 };
const statusName: Record<FindingStatus, string> = {
  NEW: "New",
  ACKNOWLEDGED: "In Progress",
  SUPPRESSED: "Suppressed",
  RESOLVED: "Resolved",
};

/**
 * One finding as an OCSF Compliance Finding. A failing check is compliance status Fail (3), a
 * resolved one Pass (1); the activity is Create while the finding is new, Close once resolved.
 */
export function ocsfRecord(r: ExportRow, product: { version: string }) {
  const activity = r.status === "RESOLVED" ? 3 : r.status === "NEW" ? 1 : 2;
  const activityName = activity === 1 ? "Create" : activity === 2 ? "Update" : "Close";
  return {
    category_uid: 2,
    category_name: "Findings",
    class_uid: 2003,
    class_name: "Compliance Finding",
    activity_id: activity,
    activity_name: activityName,
    type_uid: 200300 + activity,
    type_name: `Compliance Finding: ${activityName}`,
    severity_id: severityId[r.severity],
    severity: r.severity.charAt(0).toUpperCase() + r.severity.slice(1),
    status_id: statusId[r.status],
    status: statusName[r.status],
    time: Date.parse(r.lastSeenAt),
    metadata: {
      version: OCSF_VERSION,
      product: { name: "Posture", vendor_name: "Posture", version: product.version },
      uid: r.id,
    },
    finding_info: {
      uid: r.id,
      title: r.title,
      analytic: { uid: r.checkId, name: r.checkId, type_id: 1, type: "Rule" },
      first_seen_time: Date.parse(r.firstSeenAt),
      last_seen_time: Date.parse(r.lastSeenAt),
      types: [r.service],
    },
    compliance: {
      control: r.checkId,
      status_id: r.status === "RESOLVED" ? 1 : 3,
      status: r.status === "RESOLVED" ? "Pass" : "Fail",
    },
    cloud: {
      provider: "AWS",
      region: r.region,
      account: { uid: r.accountId, name: r.accountName, type_id: 10, type: "AWS Account" },
    },
    resources: [
      {
        uid: r.resourceId,
        type: r.resourceType,
        region: r.region,
        cloud_partition: r.resourceId.startsWith("arn:aws-") ? r.resourceId.split(":")[1] : "aws",
        labels: [`environment:${r.environment}`],
        data: JSON.parse(r.evidence) as Record<string, unknown>,
      },
    ],
    unmapped: { due_at: r.dueAt, sla: r.sla, assignee: r.assigneeEmail },
  };
}

/** How a format writes: a head, one piece per row (`first` for separators), a tail. */
export type ExportFormatter = {
  contentType: string;
  extension: string;
  head: string;
  line: (r: ExportRow, first: boolean) => string;
  tail: string;
};

export function exportFormatter(format: "csv" | "json" | "ocsf", product: { version: string }): ExportFormatter {
  if (format === "csv")
    return { contentType: "text/csv; charset=utf-8", extension: "csv", head: csvHeaderLine(), line: csvLine, tail: "" };
  if (format === "ocsf")
    return {
      contentType: "application/x-ndjson",
      extension: "ocsf.jsonl",
      head: "",
      line: (r) => `${JSON.stringify(ocsfRecord(r, product))}\n`,
      tail: "",
    };
  return {
    contentType: "application/json",
    extension: "json",
    head: "[",
    line: (r, first) => `${first ? "" : ","}\n${jsonRecordText(r)}`,
    tail: "\n]\n",
  };
}
