// IAM policy evaluation for the checks: which statements apply to a request (action, resource and the
// condition keys we know), with wildcards and patterns in Action and Resource, NotAction, NotResource
// and conditions. Used by every check that reads an identity or bucket policy.

/** The statement fields evaluation needs; identity and bucket policies both have this shape. */
export type MatchStatement = {
  effect: "Allow" | "Deny";
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  /** Operator → condition key → values. */
  condition?: Record<string, Record<string, string[]>>;
};

export type PolicyRequest = {
  action: string;
  resource: string;
  /** Condition keys whose value the request is known to carry (e.g. iam:PassedToService). */
  context?: Record<string, string[]>;
};

const globCache = new Map<string, RegExp>();

/** IAM's wildcard match: "*" any run of characters (colons and slashes included), "?" one character. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const cacheKey = `${ignoreCase ? "i" : "c"}${pattern}`;
  let re = globCache.get(cacheKey);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    if (globCache.size > 5000) globCache.clear();
    globCache.set(cacheKey, re);
  }
  return re.test(value);
}

/** Actions compare case-insensitively. */
export const actionMatches = (pattern: string, action: string) => globMatches(pattern, action, true);

/** Whether the statement's Action (or NotAction: everything it does not name) covers `action`. */
export function coversAction(s: MatchStatement, action: string): boolean {
  if (s.actions?.length) return s.actions.some((p) => actionMatches(p, action));
  if (s.notActions?.length) return !s.notActions.some((p) => actionMatches(p, action));
  return false;
}

/** Whether the statement's Resource (or NotResource: everything it does not name) covers `resource`. */
export function coversResource(s: MatchStatement, resource: string): boolean {
  if (s.resources?.length) return s.resources.some((p) => globMatches(p, resource));
  if (s.notResources?.length) return !s.notResources.some((p) => globMatches(p, resource));
  return false;
}

// Condition keys that tie a grant to particular targets (the policy attached, the boundary, the
// service a role goes to, the resource's tags): unknown values narrow the grant.
const NARROWING_KEYS = [
  /^iam:policyarn$/,
  /^iam:permissionsboundary$/,
  /^iam:passedtoservice$/,
  /^iam:associatedresourcearn$/,
  /^iam:resourcetag\//,
  /^aws:resourcetag\//,
  /^aws:resourceaccount$/,
  /^aws:resourceorgid$/,
  /^ec2:instanceprofile$/,
];
const POSITIVE = new Set(["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"]);

type Verdict = "met" | "unmet" | "free" | "narrowing";

function parseOperator(op: string) {
  let name = op.toLowerCase();
  const set = /^(forallvalues|foranyvalue):/.exec(name)?.[1];
  if (set) name = name.slice(set.length + 1);
  const ifExists = name.endsWith("ifexists");
  if (ifExists) name = name.slice(0, -"ifexists".length);
  return { name, ifExists };
}

function compare(operator: string, actual: string, expected: string): boolean | undefined {
  switch (operator) {
    case "stringequals":
    case "arnequals":
      return actual === expected;
    case "stringequalsignorecase":
      return actual.toLowerCase() === expected.toLowerCase();
    case "stringlike":
    case "arnlike":
      return globMatches(expected, actual);
    case "bool":
      return actual.toLowerCase() === expected.toLowerCase();
    default:
      return undefined;
  }
}

const NEGATED: Record<string, string> = {
  stringnotequals: "stringequals",
  stringnotequalsignorecase: "stringequalsignorecase",
  stringnotlike: "stringlike",
  arnnotequals: "arnequals",
  arnnotlike: "arnlike",
};

function evaluateEntry(op: string, key: string, values: string[], context: Record<string, string[]>): Verdict {
  const { name, ifExists } = parseOperator(op);
  const lowerKey = key.toLowerCase();
  const known = Object.entries(context).find(([k]) => k.toLowerCase() === lowerKey)?.[1];
  if (known !== undefined) {
    if (name === "null") return values.some((v) => v.toLowerCase() === "false") ? "met" : "unmet";
    const base = NEGATED[name] ?? name;
    const results = known.flatMap((a) => values.map((v) => compare(base, a, v)));
    if (results.some((r) => r === undefined)) return "free";
    const matched = results.some(Boolean);
    return (NEGATED[name] ? !matched : matched) ? "met" : "unmet";
  }
  const narrowingKey = NARROWING_KEYS.some((re) => re.test(lowerKey));
  if (!narrowingKey) return "free";
  if (name === "null") return values.some((v) => v.toLowerCase() === "false") ? "narrowing" : "free";
  if (POSITIVE.has(name) && !ifExists && values.length > 0 && !values.includes("*")) return "narrowing";
  return "free";
}

/**
 * How a statement's conditions stand for a request: "met" when every one is known to hold, "free"
 * when none is known to fail and none ties the grant to particular targets, "narrowing" or "unmet" otherwise.
 */
export function conditionVerdict(s: MatchStatement, context: Record<string, string[]> = {}): Verdict {
  let out: Verdict = "met";
  for (const [op, keys] of Object.entries(s.condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const v = evaluateEntry(op, key, values, context);
      if (v === "unmet") return "unmet";
      if (v === "narrowing") out = "narrowing";
      else if (v === "free" && out === "met") out = "free";
    }
  }
  return out;
}

/** An Allow statement grants the request when it covers it and its conditions can be met by the caller. */
export function allowGrants(s: MatchStatement, req: PolicyRequest): boolean {
  if (s.effect !== "Allow" || !coversAction(s, req.action) || !coversResource(s, req.resource)) return false;
  const v = conditionVerdict(s, req.context);
  return v === "met" || v === "free";
}

/** A Deny statement refuses the request only when it covers it and its conditions are known to hold. */
export function denyRefuses(s: MatchStatement, req: PolicyRequest): boolean {
  if (s.effect !== "Deny" || !coversAction(s, req.action) || !coversResource(s, req.resource)) return false;
  return conditionVerdict(s, req.context) === "met";
}

/** Whether a set of statements allows the request: some Allow grants it and no Deny refuses it. */
export function isAllowed(statements: readonly MatchStatement[], req: PolicyRequest): boolean {
  return statements.some((s) => allowGrants(s, req)) && !statements.some((s) => denyRefuses(s, req));
}

// Characters an IAM name or path (and an S3 key) may hold after an ARN's prefix: no ":".
const NAME_CHAR = /^[\w+=,.@/*?-]*$/;

/**
 * How a Resource pattern covers the family of resources whose ARN starts with `prefix` (e.g.
 * "arn:aws:iam::111122223333:user/"): "all" of them, "many" (a wildcard in the name part), or "few".
 */
export function familyCoverage(pattern: string, prefix: string): "all" | "many" | "few" {
  const closure = (set: Set<number>) => {
    for (const i of [...set]) for (let j = i; pattern[j] === "*"; j++) set.add(j + 1);
    return set;
  };
  let states = closure(new Set([0]));
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      if (pattern[i] === "*") next.add(i);
      else if (pattern[i] === "?" || pattern[i] === ch) next.add(i + 1);
    }
    states = closure(next);
    if (states.size === 0) return "few";
  }
  const rests = [...states].map((i) => pattern.slice(i));
  if (rests.some((r) => /^\*+$/.test(r))) return "all";
  if (rests.some((r) => r.includes("*") && NAME_CHAR.test(r))) return "many";
  return "few";
}

/** Whether the statement's Resource (or NotResource) takes in many or all resources of a family. */
export function grantsOnFamily(s: MatchStatement, prefix: string): boolean {
  if (s.resources?.length) return s.resources.some((p) => familyCoverage(p, prefix) !== "few");
  if (s.notResources?.length) return !s.notResources.some((p) => familyCoverage(p, prefix) === "all");
  return false;
}

/** Whether the statement's Resource names every resource of the family (NotResource: excludes none of them). */
export function coversWholeFamily(s: MatchStatement, prefix: string): boolean {
  if (s.resources?.length) return s.resources.some((p) => familyCoverage(p, prefix) === "all");
  if (s.notResources?.length) return s.notResources.every((p) => familyCoverage(p, prefix) === "few");
  return false;
}

/**
 * Whether the statements allow `action` on many or all resources of a family: an Allow covers the
 * action with a wildcard over the family, and no Deny that surely applies takes the whole family away.
 */
export function allowsOnFamily(
  statements: readonly MatchStatement[],
  action: string,
  prefix: string,
  context: Record<string, string[]> = {},
): boolean {
  const granted = statements.some((s) => {
    if (s.effect !== "Allow" || !coversAction(s, action) || !grantsOnFamily(s, prefix)) return false;
    const v = conditionVerdict(s, context);
    return v === "met" || v === "free";
  });
  if (!granted) return false;
  return !statements.some(
    (s) =>
      s.effect === "Deny" &&
      coversAction(s, action) &&
      coversWholeFamily(s, prefix) &&
      conditionVerdict(s, context) === "met",
  );
}

/** Whether the statements allow `action` on some resource, with no Deny that surely applies to all of them. */
export function allowsAnywhere(statements: readonly MatchStatement[], action: string): boolean {
  const granted = statements.some((s) => {
    if (s.effect !== "Allow" || !coversAction(s, action)) return false;
    if (!s.resources?.length && !s.notResources?.length) return false;
    const v = conditionVerdict(s);
    return v === "met" || v === "free";
  });
  return (
    granted &&
    !statements.some(
      (s) =>
        s.effect === "Deny" && coversAction(s, action) && coversWholeFamily(s, "arn:") && conditionVerdict(s) === "met",
    )
  );
}
