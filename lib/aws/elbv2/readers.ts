import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { InventoryReader } from "../inventory";
import { listLoadBalancers } from "./elbv2";

export const elbv2Readers: InventoryReader[] = [
  {
    key: "elbv2LoadBalancers",
    scope: "regional",
    collect: ({ clients, region, signal }) =>
      listLoadBalancers(clients.client(ElasticLoadBalancingV2Client, region), signal),
  },
];
