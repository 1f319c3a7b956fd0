import { describe, expect, it } from "vitest";
import secretsInEnv, { nameLooksSecret } from "./ecs-taskdef-secrets-in-env";
import roleEquality from "./ecs-task-role-equals-execution-role";
import { ctx } from "../fixtures";
import { container, REGION, taskDef } from "./fixtures";
import type { EcsTaskDefinition } from "@/lib/aws/ecs/types";

const on = (defs: EcsTaskDefinition[]) => ctx({ ecsTaskDefinitions: defs }, REGION);

describe("nameLooksSecret", () => {
  it.each([
    "DB_PASSWORD",
    "dbPassword",
    "MYSQL_PWD",
    "JWT_SECRET",
    "GITHUB_TOKEN",
    "STRIPE_API_KEY",
    "apiKey",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "TLS_PRIVATE_KEY",
    "DB_CONNECTION_STRING",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "SECRET_KEY_BASE",
    "REDIS_PASS",
  ])("flags %s", (name) => expect(nameLooksSecret(name)).toBe(true));
  it.each([
    "DB_HOST",
    "PORT",
    "DB_PASSWORD_SECRET_ARN",
    "JWT_SECRET_NAME",
    "PASSWORD_MIN_LENGTH",
    "TOKEN_TTL",
    "TOKENIZER_MODEL",
    "PASSPORT_STRATEGY",
    "SECRETS_MANAGER_ENDPOINT",
    "NODE_ENV",
  ])("leaves %s alone", (name) => expect(nameLooksSecret(name)).toBe(false));
});

describe("ecs_taskdef_secrets_in_env", () => {
  it("fails on a secret-looking name or value, naming container and variable only", () => {
    const results = secretsInEnv.evaluate(
      on([
        taskDef("api", [
          container("web", { DB_PASSWORD: [], LOG_LEVEL: [] }),
          container("sidecar", { UPSTREAM: ["url-credentials"] }),
        ]),
      ]),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      resourceId: "arn:aws:ecs:eu-west-1:111122223333:task-definition/api:3",
      resourceType: "AWS::ECS::TaskDefinition",
      status: "fail",
    });
    expect(results[0]?.evidence.exposed).toEqual([
      { container: "web", variable: "DB_PASSWORD", reasons: ["name"] },
      { container: "sidecar", variable: "UPSTREAM", reasons: ["url-credentials"] },
    ]);
  });

  it("fails an older ACTIVE revision that keeps a secret while the newest is clean (issue 22, case 5)", () => {
    const old = taskDef("api", [container("web", { DB_PASSWORD: [] })], { revision: 41, latest: false });
    const current = taskDef("api", [container("web", { LOG_LEVEL: [] }, ["DB_PASSWORD"])], { revision: 42 });
    const results = secretsInEnv.evaluate(ctx({ ecsTaskDefinitions: [old, current] }, REGION));
    expect(results.map((r) => [r.resourceId.split(":").pop(), r.status, r.evidence.latestRevision])).toEqual([
      ["41", "fail", false],
      ["42", "pass", true],
    ]);
  });
  it("passes plain configuration, with secrets injected through `secrets`", () => {
    const results = secretsInEnv.evaluate(
      on([taskDef("api", [container("web", { DB_HOST: [], DB_PASSWORD_SECRET_ARN: [] }, ["DB_PASSWORD"])])]),
    );
    expect(results[0]).toMatchObject({ status: "pass", evidence: { exposed: [] } });
  });

  it("is not applicable to a task definition without plain environment variables", () => {
    const results = secretsInEnv.evaluate(on([taskDef("worker", [container("app", {}, ["TOKEN"])])]));
    expect(results[0]).toMatchObject({ status: "not_applicable", evidence: { plainVariables: 0 } });
    expect(secretsInEnv.evaluate(on([]))).toEqual([]);
  });
});

describe("ecs_task_role_equals_execution_role", () => {
  const roleA = "arn:aws:iam::111122223333:role/a";
  const roleB = "arn:aws:iam::111122223333:role/b";

  it("fails when the task role is the execution role", () => {
    const r = roleEquality.evaluate(on([taskDef("api", [], { taskRoleArn: roleA, executionRoleArn: roleA })]))[0];
    expect(r).toMatchObject({ status: "fail", evidence: { taskRoleArn: roleA, executionRoleArn: roleA } });
  });

  it("passes distinct roles, and a task role without an execution role", () => {
    const results = roleEquality.evaluate(
      on([
        taskDef("api", [], { taskRoleArn: roleA, executionRoleArn: roleB }),
        taskDef("job", [], { taskRoleArn: roleA }),
      ]),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("is not applicable without a task role", () => {
    const results = roleEquality.evaluate(on([taskDef("api", [], { executionRoleArn: roleB })]));
    expect(results.map((r) => r.status)).toEqual(["not_applicable"]);
  });
});
