import type { Check, OrgCheck } from "../types";
import accessAnalyzerDisabled from "./access-analyzer-disabled";

/** The Access Analyzer checks: one file each, its tests beside it. */
export const accessanalyzerChecks: readonly (Check | OrgCheck)[] = [accessAnalyzerDisabled];
