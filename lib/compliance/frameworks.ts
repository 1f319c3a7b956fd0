import { z } from "zod";
import { allChecks } from "@/lib/checks/registry";
import { CIS_AWS_V7, cisAwsV7Controls, type FrameworkControl } from "./cis-aws-v7";
import { FSBP, fsbpControlsWithChecks } from "./fsbp";

/** The frameworks the compliance view and export know, by their URL key. */
export const frameworks = {
  "cis-aws-v7": { key: "cis-aws-v7", name: CIS_AWS_V7, label: "CIS AWS Foundations v7.0" },
  fsbp: { key: "fsbp", name: FSBP, label: "AWS Foundational Security Best Practices" },
} as const;
export type FrameworkKey = keyof typeof frameworks;

/** The compliance URL state, shared by the page and the CSV export. */
export const complianceQuerySchema = z
  .object({
    framework: z.enum(["cis-aws-v7", "fsbp"]).default("cis-aws-v7"),
    by: z.enum(["account", "environment", "team"]).default("account"),
  })
  .strict();
export type ComplianceQuery = z.infer<typeof complianceQuerySchema>;

/** A framework's controls with the catalogue's checks mapped to each. */
export function controlsOf(key: FrameworkKey): FrameworkControl[] {
  return key === "fsbp" ? fsbpControlsWithChecks(allChecks) : cisAwsV7Controls(allChecks);
}
