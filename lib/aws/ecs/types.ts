// What the ecs readers return: plain types, no SDK types.

/** Why an environment value looks like a secret. The value itself never leaves the reader. */
export type SecretValueHint = "aws-access-key-id" | "private-key" | "jwt" | "url-credentials" | "high-entropy";

export type EcsContainer = {
  name: string;
  /** Plain environment variables: names, with hints about their values (values are dropped). */
  environment: { name: string; valueHints: SecretValueHint[] }[];
  /** Variables injected from Secrets Manager / SSM (`secrets`), by name. */
  secretNames: string[];
};

export type EcsTaskDefinition = {
  arn: string;
  family: string;
  revision: number;
  /** The newest ACTIVE revision of its family (older ACTIVE ones can still be run). */
  latest: boolean;
  taskRoleArn?: string;
  executionRoleArn?: string;
  containers: EcsContainer[];
};
