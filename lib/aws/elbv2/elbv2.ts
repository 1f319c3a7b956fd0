import {
  DescribeLoadBalancerAttributesCommand,
  paginateDescribeLoadBalancers,
  type ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mapLimited } from "@/lib/concurrency";
import type { LoadBalancer } from "./types";

export async function listLoadBalancers(
  elb: ElasticLoadBalancingV2Client,
  signal?: AbortSignal,
): Promise<LoadBalancer[]> {
  const found: LoadBalancer[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client: elb, pageSize: 400 }, {}, { abortSignal: signal })) {
    for (const lb of page.LoadBalancers ?? []) {
      if (!lb.LoadBalancerArn) continue;
      found.push({
        arn: lb.LoadBalancerArn,
        name: lb.LoadBalancerName ?? lb.LoadBalancerArn,
        type: lb.Type ?? "application",
        scheme: lb.Scheme,
      });
    }
  }
  const withAttributes = await mapLimited(found, 4, async (lb) => {
    if (lb.type !== "application") return lb;
    try {
      const out = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.arn }), {
        abortSignal: signal,
      });
      const attributes = Object.fromEntries(
        (out.Attributes ?? []).flatMap((a) => (a.Key ? [[a.Key, a.Value ?? ""]] : [])),
      );
      return { ...lb, attributes };
    } catch (err) {
      // Deleted between the listing and this call: it no longer exists to be judged.
      if ((err as { name?: string }).name === "LoadBalancerNotFoundException") return undefined;
      throw err;
    }
  });
  return withAttributes.filter((lb): lb is LoadBalancer => lb !== undefined);
}
