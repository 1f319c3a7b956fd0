import { defineCheck } from "../types";
import { managementCoverage } from "./selectors";

export default defineCheck({
  id: "cloudtrail_not_multi_region",
  title: "No multi-region CloudTrail trail is logging management events",
  description:
    "Without a logging multi-region trail that records every management event (read and write), API activity in some regions (or all of them) is not recorded, so an intruder working in an unwatched region leaves no audit trail.",
  severity: "high",
  service: "cloudtrail",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "4.1" },
    { framework: "AWS Foundational Security Best Practices", control: "CloudTrail.1" },
  ],
  remediation: {
    steps: [
      "Create a multi-region trail (or, from the management account, an organization trail) delivering to the central log bucket.",
      "Start logging on it and keep management events (read and write) selected.",
    ],
    cli: "aws cloudtrail create-trail --name org-trail --s3-bucket-name LOG_BUCKET --is-multi-region-trail --enable-log-file-validation\naws cloudtrail start-logging --name org-trail",
    terraform:
      'resource "aws_cloudtrail" "this" {\n  name                       = "org-trail"\n  s3_bucket_name             = "LOG_BUCKET"\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n  enable_logging             = true\n}',
  },
  requires: ["cloudTrails"],
  evaluate: ({ accountId, inventory }) => {
    const trails = inventory.cloudTrails;
    // A trail counts only if it records every management event, read and write (issue 22, case 3).
    const management = (t: (typeof trails)[number]) => {
      if (!t.eventSelectors) return "unknown";
      const c = managementCoverage(t.eventSelectors);
      return c.read && c.write ? "all" : c.read ? "read only" : c.write ? "write only" : "none";
    };
    const good = trails.filter((t) => t.isMultiRegion && t.isLogging === true && management(t) === "all");
    return [
      {
        resourceId: `${accountId}/cloudtrail`,
        resourceType: "AWS::::Account",
        status: good.length > 0 ? "pass" : "fail",
        evidence: {
          multiRegionLoggingTrails: good.map((t) => t.arn),
          trails: trails.map((t) => ({
            arn: t.arn,
            isMultiRegion: t.isMultiRegion,
            isLogging: t.isLogging,
            isOrganizationTrail: t.isOrganizationTrail,
            managementEvents: management(t),
          })),
        },
      },
    ];
  },
});
