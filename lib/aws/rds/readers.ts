import { RDSClient } from "@aws-sdk/client-rds";
import type { CollectContext, InventoryReader } from "../inventory";
import { getRdsParameterGroups, listRdsInstances } from "./rds";
import type { RdsInstance } from "./types";

// Both RDS readers need the instance listing; the unit's signal is unique per unit run, so keying
// on it shares one listing between them without leaking across runs.
const rdsListings = new WeakMap<AbortSignal, Promise<RdsInstance[]>>();
function rdsInstancesOnce({ clients, region, signal }: CollectContext): Promise<RdsInstance[]> {
  let listing = rdsListings.get(signal);
  if (!listing) rdsListings.set(signal, (listing = listRdsInstances(clients.client(RDSClient, region), signal)));
  return listing;
}

export const rdsReaders: InventoryReader[] = [
  { key: "rdsInstances", scope: "regional", collect: (ctx) => rdsInstancesOnce(ctx) },
  {
    key: "rdsParameterGroups",
    scope: "regional",
    collect: async (ctx) => {
      const groups = (await rdsInstancesOnce(ctx)).flatMap((db) => (db.parameterGroup ? [db.parameterGroup] : []));
      return getRdsParameterGroups(ctx.clients.client(RDSClient, ctx.region), groups, ctx.signal);
    },
  },
];
