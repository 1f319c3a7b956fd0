// Inventory builders for the ECS checks' tests.
import type { EcsContainer, EcsTaskDefinition } from "@/lib/aws/ecs/types";
import { ACCOUNT } from "../fixtures";

export const REGION = "eu-west-1";

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
