import type { Check, OrgCheck } from "../types";
import defaultSgAllowsTraffic from "./default-sg-allows-traffic";
import defaultVpcInUse from "./default-vpc-in-use";
import ebsDefaultEncryptionOff from "./ebs-default-encryption-off";
import ec2ImdsV1Allowed from "./ec2-imdsv1-allowed";
import ec2InstanceWithoutRole from "./ec2-instance-without-role";
import ec2InstancesInUnusedRegions from "./ec2-instances-in-unused-regions";
import internetFacingServiceWithoutLb from "./internet-facing-service-without-lb";
import naclWorldOpenAdminPorts from "./nacl-world-open-admin-ports";
import sgWorldOpenAllPorts from "./sg-world-open-all-ports";
import sgWorldOpenDbPorts from "./sg-world-open-db-ports";
import sgWorldOpenRdp from "./sg-world-open-rdp";
import sgWorldOpenSsh from "./sg-world-open-ssh";
import vpcCidrOverlapAcrossAccounts from "./vpc-cidr-overlap-across-accounts";
import vpcFlowLogsDisabled from "./vpc-flow-logs-disabled";
import sgWorldOpenCifs from "./sg-world-open-cifs";

/** The EC2 and VPC checks: one file each, its tests beside it. */
export const ec2Checks: readonly (Check | OrgCheck)[] = [
  sgWorldOpenSsh,
  sgWorldOpenRdp,
  sgWorldOpenDbPorts,
  sgWorldOpenAllPorts,
  sgWorldOpenCifs,
  defaultSgAllowsTraffic,
  naclWorldOpenAdminPorts,
  ec2InstanceWithoutRole,
  ec2ImdsV1Allowed,
  ec2InstancesInUnusedRegions,
  internetFacingServiceWithoutLb,
  ebsDefaultEncryptionOff,
  vpcFlowLogsDisabled,
  defaultVpcInUse,
  vpcCidrOverlapAcrossAccounts,
];
