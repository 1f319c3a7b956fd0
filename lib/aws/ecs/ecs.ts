import { DescribeTaskDefinitionCommand, paginateListTaskDefinitions, type ECSClient } from "@aws-sdk/client-ecs";
import { mapLimited } from "@/lib/concurrency";
import type { EcsTaskDefinition, SecretValueHint } from "./types";

const AWS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:[^\s@/]+@/i;
const TOKEN_LIKE = /^[A-Za-z0-9+/=_-]{32,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function entropyBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}

/** Classifies a value without keeping it. High entropy needs mixed character classes so that hex digests and slugs do not match. */
export function secretValueHints(value: string): SecretValueHint[] {
  const hints: SecretValueHint[] = [];
  if (AWS_KEY_ID.test(value)) hints.push("aws-access-key-id");
  if (PRIVATE_KEY.test(value)) hints.push("private-key");
  if (JWT.test(value)) hints.push("jwt");
  if (URL_CREDENTIALS.test(value)) hints.push("url-credentials");
  if (hints.length === 0 && TOKEN_LIKE.test(value) && !UUID.test(value)) {
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
    if (classes >= 2 && entropyBitsPerChar(value) >= 4.2) hints.push("high-entropy");
  }
  return hints;
}

/** "arn:aws:ecs:r:a:task-definition/family:12" → family and revision. */
function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const m = /:task-definition\/(.+):(\d+)$/.exec(arn);
  return m ? { family: m[1]!, revision: Number(m[2]) } : undefined;
}

/**
 * Every ACTIVE revision of every family: an older revision that is still ACTIVE can still be run,
 * and keeps whatever it was registered with.
 */
export async function listEcsTaskDefinitions(ecs: ECSClient, signal?: AbortSignal): Promise<EcsTaskDefinition[]> {
  const active: { arn: string; family: string; revision: number }[] = [];
  const newest = new Map<string, number>();
  for await (const page of paginateListTaskDefinitions(
    { client: ecs, pageSize: 100 },
    { status: "ACTIVE" },
    { abortSignal: signal },
  )) {
    for (const arn of page.taskDefinitionArns ?? []) {
      const parsed = parseTaskDefinitionArn(arn);
      if (!parsed) continue;
      active.push({ arn, ...parsed });
      newest.set(parsed.family, Math.max(newest.get(parsed.family) ?? 0, parsed.revision));
    }
  }
  const described = await mapLimited(active, 4, async ({ arn }) => {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }), { abortSignal: signal });
    const td = out.taskDefinition;
    if (!td?.taskDefinitionArn) return undefined;
    const parsed = parseTaskDefinitionArn(td.taskDefinitionArn);
    const def: EcsTaskDefinition = {
      arn: td.taskDefinitionArn,
      family: td.family ?? parsed?.family ?? td.taskDefinitionArn,
      revision: td.revision ?? parsed?.revision ?? 0,
      latest: false,
      taskRoleArn: td.taskRoleArn || undefined,
      executionRoleArn: td.executionRoleArn || undefined,
      containers: (td.containerDefinitions ?? []).map((c) => ({
        name: c.name ?? "",
        environment: (c.environment ?? []).flatMap((e) =>
          e.name ? [{ name: e.name, valueHints: secretValueHints(e.value ?? "") }] : [],
        ),
        secretNames: (c.secrets ?? []).flatMap((s) => (s.name ? [s.name] : [])),
      })),
    };
    return def;
  });
  return described
    .filter((d): d is EcsTaskDefinition => d !== undefined)
    .map((d) => ({ ...d, latest: newest.get(d.family) === d.revision }));
}
