import type { EcrRegistryScanning } from "@/lib/aws/ecr/types";
import { defineCheck } from "../types";

/** ECR filters: "*" stands for any characters; a filter without one matches names that contain it. */
function filterMatches(filter: string, name: string): boolean {
  if (!filter.includes("*")) return name.includes(filter);
  const re = new RegExp(
    `^${filter
      .split("*")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(name);
}

/** The registry rule that scans `name` automatically, if any. */
function coveringRule(registry: EcrRegistryScanning, name: string) {
  const automatic = registry.scanType === "ENHANCED" ? ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"] : ["SCAN_ON_PUSH"];
  return registry.rules.find((r) => automatic.includes(r.frequency) && r.filters.some((f) => filterMatches(f, name)));
}

export default defineCheck({
  id: "ecr_scan_on_push_off",
  title: "ECR repository images are not scanned on push",
  description:
    "Images pushed without a vulnerability scan reach production with known CVEs that nobody was told about.",
  severity: "medium",
  service: "ecr",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "ECR.1" }],
  remediation: {
    steps: [
      'Prefer a registry-level rule: scan every repository (filter "*") on push, or continuously with enhanced scanning (Amazon Inspector).',
      "Or turn scan on push on for the repository (basic scanning only; enhanced scanning ignores the repository setting).",
    ],
    cli: 'aws ecr put-registry-scanning-configuration --scan-type ENHANCED \\\n  --rules \'[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]\'\n# or, per repository: aws ecr put-image-scanning-configuration --repository-name REPOSITORY --image-scanning-configuration scanOnPush=true',
    terraform:
      'resource "aws_ecr_registry_scanning_configuration" "this" {\n  scan_type = "ENHANCED"\n  rule {\n    scan_frequency = "CONTINUOUS_SCAN"\n    repository_filter {\n      filter      = "*"\n      filter_type = "WILDCARD"\n    }\n  }\n}',
  },
  requires: ["ecrRepositories", "ecrRegistryScanning"],
  evaluate: ({ inventory }) => {
    const registry = inventory.ecrRegistryScanning;
    return inventory.ecrRepositories.map((repo) => {
      const rule = coveringRule(registry, repo.name);
      // Under enhanced scanning only registry rules pick repositories; the repository flag is ignored.
      const scanned = rule !== undefined || (registry.scanType !== "ENHANCED" && repo.scanOnPush);
      return {
        resourceId: repo.arn,
        resourceType: "AWS::ECR::Repository",
        status: scanned ? ("pass" as const) : ("fail" as const),
        evidence: {
          repositoryName: repo.name,
          scanOnPush: repo.scanOnPush,
          registryScanType: registry.scanType,
          coveringRule: rule ?? null,
        },
      };
    });
  },
});
