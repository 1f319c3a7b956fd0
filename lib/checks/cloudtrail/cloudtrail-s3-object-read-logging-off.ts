import { defineCheck } from "../types";
import { s3ObjectCoverage } from "./selectors";

export default defineCheck({
  id: "cloudtrail_s3_object_read_logging_off",
  title: "S3 object-level read events are not logged",
  description:
    "Without a trail recording S3 data events for reads on every bucket, nobody can tell who read or downloaded which object, which is what an investigation of a data breach needs first.",
  severity: "medium",
  service: "cloudtrail",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "4.9" },
    { framework: "AWS Foundational Security Best Practices", control: "S3.23" },
  ],
  remediation: {
    steps: [
      "Add an event selector to a logging multi-region trail that records S3 data events (Read or All) for every bucket (resources.ARN starting with arn:aws:s3).",
      "Or limit it to the buckets that hold sensitive data, and accept that this check then fails.",
    ],
    cli: 'aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors \'[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]\'',
    terraform:
      'resource "aws_cloudtrail" "this" {\n  # ...\n  advanced_event_selector {\n    name = "S3 objects"\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Data"]\n    }\n    field_selector {\n      field  = "resources.type"\n      equals = ["AWS::S3::Object"]\n    }\n  }\n}',
  },
  requires: ["cloudTrails"],
  evaluate: ({ accountId, partition, inventory }) => {
    const trails = inventory.cloudTrails.filter((t) => t.isMultiRegion && t.isLogging === true && t.eventSelectors);
    const logging = trails.filter((t) => s3ObjectCoverage(t.eventSelectors!, partition).read);
    return [
      {
        resourceId: `${accountId}/cloudtrail/s3-object-reads`,
        resourceType: "AWS::::Account",
        status: logging.length > 0 ? "pass" : "fail",
        evidence: { trails: logging.map((t) => t.arn), multiRegionLoggingTrails: trails.map((t) => t.arn) },
      },
    ];
  },
});
