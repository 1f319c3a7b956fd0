import type { EcrRegistryScanning, EcrRepository } from "@/lib/aws/ecr/types";
import type { EcsContainer, EcsTaskDefinition } from "@/lib/aws/ecs/types";
import type { LoadBalancer } from "@/lib/aws/elbv2/types";
import type { RdsInstance } from "@/lib/aws/rds/types";
import { ACCOUNT } from "../../fixtures";

// Inventory builders for this group's tests: a compliant resource unless overridden.

export const REGION = "eu-west-1";

export function db(id: string, p: Partial<RdsInstance> = {}): RdsInstance {
  return {
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:${id}`,
    identifier: id,
    engine: "postgres",
    engineVersion: "16.3",
    publiclyAccessible: false,
    storageEncrypted: true,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    parameterGroup: `${id}-params`,
    ...p,
  };
}

export function taskDef(
  family: string,
  containers: EcsContainer[],
  p: Partial<EcsTaskDefinition> = {},
): EcsTaskDefinition {
  return { arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:3`, family, revision: 3, containers, ...p };
}

export function container(
  name: string,
  env: Record<string, EcsContainer["environment"][number]["valueHints"]> = {},
  secretNames: string[] = [],
): EcsContainer {
  return { name, environment: Object.entries(env).map(([n, valueHints]) => ({ name: n, valueHints })), secretNames };
}

export function repo(name: string, scanOnPush: boolean): EcrRepository {
  return { arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`, name, scanOnPush };
}

export const BASIC_NO_RULES: EcrRegistryScanning = { scanType: "BASIC", rules: [] };

export function alb(name: string, attributes: Record<string, string> | undefined, type = "application"): LoadBalancer {
  return {
    arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${name}/50dc6c495c0c9188`,
    name,
    type,
    scheme: "internet-facing",
    attributes,
  };
}
