// What the elbv2 readers return: plain types, no SDK types.

export type LoadBalancer = {
  arn: string;
  name: string;
  /** "application" | "network" | "gateway". */
  type: string;
  scheme?: string;
  /**
   * Attributes as DescribeLoadBalancerAttributes returns them, read for application load balancers
   * only (undefined for others). An attribute never set may be absent: AWS's default applies.
   */
  attributes?: Record<string, string>;
};
