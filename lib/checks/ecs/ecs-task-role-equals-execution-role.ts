import { defineCheck } from "../types";

export default defineCheck({
  id: "ecs_task_role_equals_execution_role",
  title: "ECS task role is the same as the execution role",
  description:
    "The execution role lets the ECS agent pull images and read every secret the task definition names; when the application runs with that same role, its code (and anyone who compromises it) gets those permissions too.",
  severity: "medium",
  service: "ecs",
  scope: "regional",
  frameworks: [],
  remediation: {
    steps: [
      "Create a separate task role with only the permissions the application itself needs.",
      "Keep image pulls, log delivery and secret retrieval on the execution role, and register a new revision using both.",
    ],
    cli: "aws ecs register-task-definition --cli-input-json file://taskdef.json  # with distinct taskRoleArn and executionRoleArn",
    terraform:
      'resource "aws_ecs_task_definition" "this" {\n  # ...\n  execution_role_arn = aws_iam_role.ecs_execution.arn\n  task_role_arn      = aws_iam_role.app_task.arn\n}',
  },
  requires: ["ecsTaskDefinitions"],
  evaluate: ({ inventory }) =>
    inventory.ecsTaskDefinitions.map((td) => {
      const evidence = {
        family: td.family,
        revision: td.revision,
        taskRoleArn: td.taskRoleArn,
        executionRoleArn: td.executionRoleArn,
      };
      const base = { resourceId: td.arn, resourceType: "AWS::ECS::TaskDefinition", evidence };
      if (!td.taskRoleArn) return { ...base, status: "not_applicable" as const };
      return { ...base, status: td.taskRoleArn === td.executionRoleArn ? ("fail" as const) : ("pass" as const) };
    }),
});
