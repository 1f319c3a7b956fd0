import { defineCheck } from "../types";

export default defineCheck({
  id: "config_recorder_off",
  title: "AWS Config is not recording every resource type in this region",
  description:
    "Without a recording AWS Config recorder there is no history of resource configuration changes in the region, so you cannot tell what changed, when, or prove compliance after an incident.",
  severity: "medium",
  service: "config",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "4.3" },
    { framework: "AWS Foundational Security Best Practices", control: "Config.1" },
  ],
  remediation: {
    steps: [
      "Create a configuration recorder recording all supported resource types (global types in one region only), with a delivery channel to the central bucket.",
      "Start the recorder. In an organization, deploy this to every account and region with CloudFormation StackSets or Control Tower.",
    ],
    cli: "aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::ACCOUNT_ID:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig --recording-group allSupported=true,includeGlobalResourceTypes=true\naws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=CONFIG_BUCKET\naws configservice start-configuration-recorder --configuration-recorder-name default",
    terraform:
      'resource "aws_config_configuration_recorder" "this" {\n  name     = "default"\n  role_arn = aws_iam_service_linked_role.config.arn\n  recording_group {\n    all_supported                 = true\n    include_global_resource_types = true\n  }\n}\n\nresource "aws_config_configuration_recorder_status" "this" {\n  name       = aws_config_configuration_recorder.this.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.this]\n}',
  },
  requires: ["configRecorders"],
  evaluate: ({ accountId, region, inventory }) => {
    const recorders = inventory.configRecorders;
    // A recorder that records only some types (allSupported false) misses the rest: partial is off.
    const recording = recorders.filter((r) => r.recording);
    const complete = recording.filter((r) => r.allSupported);
    return [
      {
        resourceId: `${accountId}/${region}/config-recorder`,
        resourceType: "AWS::Config::ConfigurationRecorder",
        status: complete.length > 0 ? "pass" : "fail",
        evidence: {
          recorders: recorders.map((r) => ({
            name: r.name,
            recording: r.recording,
            lastStatus: r.lastStatus ?? null,
            allSupported: r.allSupported,
            strategy: r.strategy ?? null,
            resourceTypes: r.resourceTypes ?? [],
            excludedResourceTypes: r.excludedResourceTypes ?? [],
          })),
          reason:
            recorders.length === 0
              ? "no configuration recorder"
              : recording.length === 0
                ? "recorder not recording"
                : complete.length === 0
                  ? "recorder records only some resource types"
                  : undefined,
        },
      },
    ];
  },
});
