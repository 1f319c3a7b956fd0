import { DescribeTaskDefinitionCommand, ECSClient, ListTaskDefinitionsCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listEcsTaskDefinitions, secretValueHints } from "./ecs";

const ecsMock = mockClient(ECSClient);
afterEach(() => ecsMock.reset());
const client = () => new ECSClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const arn = (family: string, rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/${family}:${rev}`;

describe("secretValueHints", () => {
  it.each([
    ["AKIAIOSFODNN7EXAMPLE", "aws-access-key-id"],
    ["ASIAY34FZKBOKMUTVV7A", "aws-access-key-id"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEow...", "private-key"],
    ["-----BEGIN PRIVATE KEY-----", "private-key"],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt"],
    ["postgres://app:s3cr3t@db.internal:5432/app", "url-credentials"],
    ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "high-entropy"],
  ])("flags %s as %s", (value, hint) => {
    expect(secretValueHints(value)).toEqual([hint]);
  });

  it.each([
    "production",
    "https://api.example.com/v1",
    "postgres://db.internal:5432/app",
    "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "my-service-name-for-the-production-cluster",
    "",
  ])("leaves %s alone", (value) => expect(secretValueHints(value)).toEqual([]));
});

describe("listEcsTaskDefinitions", () => {
  it("lists ACTIVE definitions across pages and describes every revision, marking each family's newest", async () => {
    ecsMock
      .on(ListTaskDefinitionsCommand, { status: "ACTIVE", nextToken: undefined })
      .resolves({ taskDefinitionArns: [arn("api", 1), arn("api", 9), arn("worker", 2)], nextToken: "t2" })
      .on(ListTaskDefinitionsCommand, { status: "ACTIVE", nextToken: "t2" })
      .resolves({ taskDefinitionArns: [arn("api", 10), arn("worker", 1)] })
      .on(DescribeTaskDefinitionCommand)
      .callsFake((input: { taskDefinition: string }) => {
        const [, family, revision] = /task-definition\/(.+):(\d+)$/.exec(input.taskDefinition)!;
        return {
          taskDefinition: {
            taskDefinitionArn: input.taskDefinition,
            family,
            revision: Number(revision),
            containerDefinitions: [{ name: "old", environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }],
          },
        };
      })
      .on(DescribeTaskDefinitionCommand, { taskDefinition: arn("api", 10) })
      .resolves({
        taskDefinition: {
          taskDefinitionArn: arn("api", 10),
          family: "api",
          revision: 10,
          taskRoleArn: "arn:aws:iam::111122223333:role/api",
          executionRoleArn: "arn:aws:iam::111122223333:role/exec",
          containerDefinitions: [
            {
              name: "web",
              environment: [
                { name: "AWS_ACCESS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" },
                { name: "LOG_LEVEL", value: "info" },
              ],
              secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db" }],
            },
          ],
        },
      })
      .on(DescribeTaskDefinitionCommand, { taskDefinition: arn("worker", 2) })
      .resolves({
        taskDefinition: {
          taskDefinitionArn: arn("worker", 2),
          family: "worker",
          revision: 2,
          taskRoleArn: "",
          containerDefinitions: [{ name: "job" }],
        },
      });

    const out = await listEcsTaskDefinitions(client());
    expect(
      ecsMock
        .commandCalls(DescribeTaskDefinitionCommand)
        .map((c) => c.args[0].input.taskDefinition)
        .sort(),
    ).toEqual([arn("api", 1), arn("api", 10), arn("api", 9), arn("worker", 1), arn("worker", 2)]);
    expect(out.map((d) => [d.family, d.revision, d.latest])).toEqual([
      ["api", 1, false],
      ["api", 9, false],
      ["worker", 2, true],
      ["api", 10, true],
      ["worker", 1, false],
    ]);
    expect(out.find((d) => d.revision === 9)?.containers[0]?.environment).toEqual([
      { name: "DB_PASSWORD", valueHints: [] },
    ]);
    expect(out.filter((d) => d.latest).sort((a, b) => a.family.localeCompare(b.family))).toEqual([
      {
        arn: arn("api", 10),
        family: "api",
        revision: 10,
        latest: true,
        taskRoleArn: "arn:aws:iam::111122223333:role/api",
        executionRoleArn: "arn:aws:iam::111122223333:role/exec",
        containers: [
          {
            name: "web",
            environment: [
              { name: "AWS_ACCESS_KEY_ID", valueHints: ["aws-access-key-id"] },
              { name: "LOG_LEVEL", valueHints: [] },
            ],
            secretNames: ["DB_PASSWORD"],
          },
        ],
      },
      {
        arn: arn("worker", 2),
        family: "worker",
        revision: 2,
        latest: true,
        taskRoleArn: undefined,
        executionRoleArn: undefined,
        containers: [{ name: "job", environment: [], secretNames: [] }],
      },
    ]);
    // Values never reach the inventory (it is stored and shown).
    expect(JSON.stringify(out)).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(JSON.stringify(out)).not.toContain("info");
    expect(JSON.stringify(out)).not.toContain("hunter2");
  });

  it("lets AccessDenied through for the unit to record", async () => {
    ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [arn("api", 1)] });
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(
      Object.assign(new Error("not authorized"), {
        name: "AccessDeniedException",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(listEcsTaskDefinitions(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
