import type { InventoryReader } from "../inventory";
import {
  getEbsEncryptionByDefault,
  listDefaultSecurityGroups,
  listDefaultVpcUsage,
  listFlowLogs,
  listInstances,
  listNetworkAcls,
  listSecurityGroups,
  listVpcs,
} from "./ec2";

export const ec2Readers: InventoryReader[] = [
  {
    key: "securityGroups",
    scope: "regional",
    collect: ({ clients, region, signal }) => listSecurityGroups(clients.ec2(region), signal),
  },
  {
    key: "defaultSecurityGroups",
    scope: "regional",
    collect: ({ clients, region, signal }) => listDefaultSecurityGroups(clients.ec2(region), signal),
  },
  {
    key: "ec2Instances",
    scope: "regional",
    collect: ({ clients, region, signal }) => listInstances(clients.ec2(region), signal),
  },
  { key: "vpcs", scope: "regional", collect: ({ clients, region, signal }) => listVpcs(clients.ec2(region), signal) },
  {
    key: "flowLogs",
    scope: "regional",
    collect: ({ clients, region, signal }) => listFlowLogs(clients.ec2(region), signal),
  },
  {
    key: "networkAcls",
    scope: "regional",
    collect: ({ clients, region, signal }) => listNetworkAcls(clients.ec2(region), signal),
  },
  {
    key: "defaultVpcUsage",
    scope: "regional",
    collect: ({ clients, region, signal }) => listDefaultVpcUsage(clients.ec2(region), signal),
  },
  {
    key: "ebsEncryptionByDefault",
    scope: "regional",
    collect: ({ clients, region, signal }) => getEbsEncryptionByDefault(clients.ec2(region), signal),
  },
];
