import { defineCheck } from "../types";

const SECRET_WORD =
  /(password|passwd|passphrase|secrets?|tokens?|apikey|privatekey|accesskey|secretkey|credentials?|connstr|connectionstring)$/;
const SECRET_TOKEN = new Set(["pass", "pwd"]);
// Names that point at a secret (or describe one) rather than hold it.
const BENIGN_LAST = new Set([
  "arn",
  "name",
  "file",
  "path",
  "ttl",
  "expiry",
  "expiration",
  "length",
  "header",
  "endpoint",
  "enabled",
  "type",
  "version",
  "region",
  "ref",
  "parameter",
  "param",
]);

/** True when an environment variable's name says it holds a secret (DB_PASSWORD, apiKey, AWS_SECRET_ACCESS_KEY). */
export function nameLooksSecret(name: string): boolean {
  const tokens = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (tokens.length === 0 || BENIGN_LAST.has(tokens[tokens.length - 1]!)) return false;
  const pairs = tokens.slice(1).map((t, i) => tokens[i]! + t);
  return tokens.some((t) => SECRET_TOKEN.has(t) || SECRET_WORD.test(t)) || pairs.some((p) => SECRET_WORD.test(p));
}

export default defineCheck({
  id: "ecs_taskdef_secrets_in_env",
  title: "ECS task definition passes secrets as plain environment variables",
  description:
    "Plain environment variables are stored in the task definition in clear text: anyone who can describe task definitions, and every log or crash dump of the container, can read them. Secrets belong in Secrets Manager or SSM Parameter Store, referenced through `secrets`.",
  severity: "critical",
  service: "ecs",
  scope: "regional",
  frameworks: [{ framework: "AWS Foundational Security Best Practices", control: "ECS.8" }],
  remediation: {
    steps: [
      "Rotate every credential that was in the task definition: older revisions keep the value.",
      "Store the secret in Secrets Manager or SSM Parameter Store (SecureString) and reference it from the container's `secrets` with valueFrom.",
      "Grant the execution role secretsmanager:GetSecretValue / ssm:GetParameters on that secret only, register a new revision, and deregister the old ones.",
    ],
    cli: 'aws secretsmanager create-secret --name APP/DB_PASSWORD --secret-string \'NEW_VALUE\'\naws ecs register-task-definition --cli-input-json file://taskdef.json  # move the variable from environment to secrets: {"name": "DB_PASSWORD", "valueFrom": "SECRET_ARN"}',
    terraform:
      'resource "aws_ecs_task_definition" "this" {\n  # ...\n  container_definitions = jsonencode([{\n    name    = "app"\n    image   = var.image\n    secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db_password.arn }]\n  }])\n}',
  },
  requires: ["ecsTaskDefinitions"],
  evaluate: ({ inventory }) =>
    inventory.ecsTaskDefinitions.map((td) => {
      const base = { resourceId: td.arn, resourceType: "AWS::ECS::TaskDefinition" };
      const variables = td.containers.reduce((n, c) => n + c.environment.length, 0);
      if (variables === 0)
        return {
          ...base,
          status: "not_applicable" as const,
          evidence: { family: td.family, revision: td.revision, plainVariables: 0 },
        };
      // Names and reasons only: the values are never collected.
      const exposed = td.containers.flatMap((c) =>
        c.environment.flatMap((e) => {
          const reasons = [...(nameLooksSecret(e.name) ? ["name"] : []), ...e.valueHints];
          return reasons.length > 0 ? [{ container: c.name, variable: e.name, reasons }] : [];
        }),
      );
      return {
        ...base,
        status: exposed.length > 0 ? ("fail" as const) : ("pass" as const),
        evidence: { family: td.family, revision: td.revision, latestRevision: td.latest, exposed },
      };
    }),
});
