import { ECRClient } from "@aws-sdk/client-ecr";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { RDSClient } from "@aws-sdk/client-rds";
import { getEcrRegistryScanning, listEcrRepositories } from "@/lib/aws/inventory/ecr";
import { listEcsTaskDefinitions } from "@/lib/aws/inventory/ecs";
import { listLoadBalancers } from "@/lib/aws/inventory/elbv2";
import { getRdsParameterGroups, listRdsInstances, type RdsInstance } from "@/lib/aws/inventory/rds";
import type { CollectContext, InventoryCollector } from "./types";

// Both RDS readers need the instance listing; the unit's signal is unique per unit run, so keying
// on it shares one listing between them without leaking across runs.
const rdsListings = new WeakMap<AbortSignal, Promise<RdsInstance[]>>();
function rdsInstancesOnce({ clients, region, signal }: CollectContext): Promise<RdsInstance[]> {
  let listing = rdsListings.get(signal);
  if (!listing) rdsListings.set(signal, (listing = listRdsInstances(clients.client(RDSClient, region), signal)));
  return listing;
}

export const dataContainerReaders: InventoryCollector[] = [
  { key: "rdsInstances", scope: "regional", collect: (ctx) => rdsInstancesOnce(ctx) },
  {
    key: "rdsParameterGroups",
    scope: "regional",
    collect: async (ctx) => {
      const groups = (await rdsInstancesOnce(ctx)).flatMap((db) => (db.parameterGroup ? [db.parameterGroup] : []));
      return getRdsParameterGroups(ctx.clients.client(RDSClient, ctx.region), groups, ctx.signal);
    },
  },
  {
    key: "ecsTaskDefinitions",
    scope: "regional",
    collect: ({ clients, region, signal }) => listEcsTaskDefinitions(clients.client(ECSClient, region), signal),
  },
  {
    key: "ecrRepositories",
    scope: "regional",
    collect: ({ clients, region, signal }) => listEcrRepositories(clients.client(ECRClient, region), signal),
  },
  {
    key: "ecrRegistryScanning",
    scope: "regional",
    collect: ({ clients, region, signal }) => getEcrRegistryScanning(clients.client(ECRClient, region), signal),
  },
  {
    key: "elbv2LoadBalancers",
    scope: "regional",
    collect: ({ clients, region, signal }) =>
      listLoadBalancers(clients.client(ElasticLoadBalancingV2Client, region), signal),
  },
];
