// Inventory builders for the ECS checks' tests.
import type { EcsContainer, EcsTaskDefinition } from "@/lib/aws/ecs/types";
import { ACCOUNT } from "../fixtures";

export const REGION = "eu-west-1";

export function taskDef(
  family: string,
  containers: EcsContainer[],
  p: Partial<EcsTaskDefinition> = {},
): EcsTaskDefinition {
  const revision = p.revision ?? 3;
  const arn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;
  return { arn, family, revision, latest: true, containers, ...p };
}

export function container(
  name: string,
  env: Record<string, EcsContainer["environment"][number]["valueHints"]> = {},
  secretNames: string[] = [],
): EcsContainer {
  return { name, environment: Object.entries(env).map(([n, valueHints]) => ({ name: n, valueHints })), secretNames };
}
