import type { Check, OrgCheck } from "./types";

/** The catalogue as rows of the checks table (what the UI lists and findings reference). */
export function catalogRows(list: readonly (Check | OrgCheck)[]) {
  return list.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    service: c.service,
    defaultSeverity: c.severity,
    scope: c.scope,
    frameworks: c.frameworks,
    remediation: c.remediation,
  }));
}
