import { defineCheck } from "../types";

const ATTRIBUTE = "routing.http.drop_invalid_header_fields.enabled";

export default defineCheck({
  id: "alb_invalid_headers_not_dropped",
  title: "Application load balancer forwards invalid HTTP headers",
  description:
    "An ALB that passes malformed header fields through lets attackers smuggle requests or inject headers that the targets parse differently from the load balancer (HTTP desync).",
  severity: "medium",
  service: "elasticloadbalancing",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "ELB.4" }],
  remediation: {
    steps: [
      'Turn on "Drop invalid header fields" in the load balancer\'s attributes.',
      "Check that no client relies on header names with characters outside [A-Za-z0-9-].",
    ],
    cli: "aws elbv2 modify-load-balancer-attributes --load-balancer-arn LOAD_BALANCER_ARN \\\n  --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true",
    terraform:
      'resource "aws_lb" "this" {\n  load_balancer_type         = "application"\n  drop_invalid_header_fields = true\n  # ...\n}',
  },
  requires: ["elbv2LoadBalancers"],
  evaluate: ({ inventory }) =>
    inventory.elbv2LoadBalancers.flatMap((lb) => {
      // Attributes are read only for ALBs; without them there is nothing to judge.
      if (lb.type !== "application" || !lb.attributes) return [];
      // An attribute never set may be missing from the answer; AWS's default is "false".
      const value = lb.attributes[ATTRIBUTE];
      return [
        {
          resourceId: lb.arn,
          resourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
          status: value === "true" ? ("pass" as const) : ("fail" as const),
          evidence: { name: lb.name, scheme: lb.scheme, [ATTRIBUTE]: value ?? "(not set: defaults to false)" },
        },
      ];
    }),
});
