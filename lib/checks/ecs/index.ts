import type { Check, OrgCheck } from "../types";
import ecsTaskRoleEqualsExecutionRole from "./ecs-task-role-equals-execution-role";
import ecsTaskdefSecretsInEnv from "./ecs-taskdef-secrets-in-env";

/** The ECS checks: one file each, its tests beside it. */
export const ecsChecks: readonly (Check | OrgCheck)[] = [ecsTaskdefSecretsInEnv, ecsTaskRoleEqualsExecutionRole];
