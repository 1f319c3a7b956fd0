import type { PolicyStatement, S3Bucket } from "@/lib/aws/s3/types";
import { coversAction, coversResource, coversWholeFamily } from "../policy-matcher";

export const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
export const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

export const bucketArn = (partition: string, name: string) => `arn:${partition}:s3:::${name}`;

/** Principal "*", {"AWS": "*"}, or NotPrincipal (everyone but a few). */
export function appliesToEveryone(s: PolicyStatement): boolean {
  if (s.notPrincipal) return true;
  return s.principal === "*" || (s.principal.AWS ?? []).includes("*");
}

// Condition keys that pin a statement to known callers or networks (as S3's own "is public" logic does).
const RESTRICTING_KEYS = new Set([
  "aws:sourceip",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:userid",
  "s3:dataaccesspointarn",
  "s3:dataaccesspointaccount",
]);
// Positive operators only: a negated one (StringNotEquals aws:PrincipalOrgID) lets everyone else in; …IfExists passes when the key is absent.
const RESTRICTING_OPERATORS = new Set([
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
  "ipaddress",
]);
const WORLD = new Set(["*", "0.0.0.0/0", "::/0"]);

function restrictsCallers(s: PolicyStatement): boolean {
  return Object.entries(s.condition).some(([op, keys]) => {
    const operator = op.toLowerCase().replace(/^for(any|all)value:/, "");
    if (!RESTRICTING_OPERATORS.has(operator)) return false;
    return Object.entries(keys).some(
      ([key, values]) =>
        RESTRICTING_KEYS.has(key.toLowerCase()) && values.length > 0 && !values.some((v) => WORLD.has(v)),
    );
  });
}

/** An Allow statement anyone on the internet matches. */
export function isPublicStatement(s: PolicyStatement): boolean {
  return s.effect === "Allow" && appliesToEveryone(s) && !restrictsCallers(s);
}

const S3_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:PostureAnyAction"];
const coversAllS3Actions = (s: PolicyStatement) => S3_ACTIONS.every((a) => coversAction(s, a));

/**
 * What a statement denying every S3 action to everyone without TLS covers (CIS 2.1.1): the bucket
 * itself, and every object in it ("bucket/*"); null when it is no such statement.
 */
export function insecureTransportDenial(
  s: PolicyStatement,
  bucket: Pick<S3Bucket, "name">,
  partition: string,
): { bucket: boolean; objects: boolean } | null {
  if (s.effect !== "Deny" || !appliesToEveryone(s) || !coversAllS3Actions(s)) return null;
  const onSecureTransport = Object.entries(s.condition).some(
    ([op, keys]) =>
      /^bool(ifexists)?$/i.test(op) &&
      Object.entries(keys).some(
        ([key, values]) =>
          key.toLowerCase() === "aws:securetransport" && values.some((v) => v.toLowerCase() === "false"),
      ),
  );
  if (!onSecureTransport) return null;
  const arn = bucketArn(partition, bucket.name);
  const out = { bucket: coversResource(s, arn), objects: coversWholeFamily(s, `${arn}/`) };
  return out.bucket || out.objects ? out : null;
}
