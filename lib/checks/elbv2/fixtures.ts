// Inventory builders for the load balancer checks' tests.
import type { LoadBalancer } from "@/lib/aws/elbv2/types";
import { ACCOUNT } from "../fixtures";

export const REGION = "eu-west-1";

export function alb(name: string, attributes: Record<string, string> | undefined, type = "application"): LoadBalancer {
  return {
    arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${name}/50dc6c495c0c9188`,
    name,
    type,
    scheme: "internet-facing",
    attributes,
  };
}
