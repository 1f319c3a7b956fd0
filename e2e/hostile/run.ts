import type { APIRequestContext, APIResponse } from "@playwright/test";
import { payloadClasses } from "./payloads";
import type { Probe } from "./probes";

export type Answer = { probe: Probe; status: number; problems: string[] };

// What an answer must never show: a stack trace, the database's or the framework's internals.
const STACK = /\n\s*at [^\n]*(?:\/|node:|file:)[^\n]*:\d+:\d+/;
const INTERNALS =
  /node_modules\/|\.next\/server|Failed query|DrizzleQueryError|syntax error at or near|violates (?:unique|foreign key|check|not-null) constraint|invalid input syntax for|relation "[^"]+" does not exist|unterminated quoted|invalid byte sequence|PostgresError|ECONNREFUSED/;
const ERROR_TEXT = /^(?:[A-Z]\w*)?Error: /m;

/** What is wrong with one answer, empty when nothing is. */
export function inspect(probe: Probe, response: APIResponse, text: string, allowedOrigins: Set<string>): string[] {
  const problems: string[] = [];
  const status = response.status();
  const headers = response.headers();
  if (status >= 500) problems.push(`answered ${status}`);
  if (probe.expect && !probe.expect.includes(status)) problems.push(`answered ${status}, expected ${probe.expect}`);
  if (headers["x-content-type-options"] !== "nosniff") problems.push("no X-Content-Type-Options: nosniff");
  if (headers["x-frame-options"] !== "DENY") problems.push("no X-Frame-Options: DENY");
  if (headers["referrer-policy"] !== "strict-origin-when-cross-origin") problems.push("no Referrer-Policy");
  if (!/frame-ancestors 'none'/.test(headers["content-security-policy"] ?? ""))
    problems.push("no Content-Security-Policy with frame-ancestors 'none'");
  if (STACK.test(text)) problems.push("a stack trace in the body");
  const internal = INTERNALS.exec(text);
  if (internal) problems.push(`internal text in the body: ${internal[0]}`);
  const html = (headers["content-type"] ?? "").includes("text/html");
  if (!html && ERROR_TEXT.test(text)) problems.push(`an error message in the body: ${text.slice(0, 80)}`);
  for (const marker of html ? probe.markers : [])
    if (text.includes(marker)) problems.push(`reflected unescaped: ${JSON.stringify(marker)}`);
  const location = headers["location"];
  if (location) {
    let target: URL | null = null;
    try {
      target = new URL(location, response.url());
    } catch {
      problems.push(`an unreadable Location: ${JSON.stringify(location)}`);
    }
    if (target && !allowedOrigins.has(target.origin)) problems.push(`redirects off-site: ${location}`);
  }
  const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
  if (cookies.some((c) => /(^|[;\s])injected=/.test(c.value))) problems.push("a header was injected");
  if (probe.where === "csrf") {
    const session = cookies.some((c) => /session-token=[^;]/.test(c.value));
    if (response.ok() || session) problems.push(`cross-site request accepted (${status}${session ? ", session" : ""})`);
  }
  return problems;
}

export type RunOptions = {
  contexts: Record<string, APIRequestContext>;
  /** A context for one request that ends the session it rides on. */
  fresh?: (persona: string) => Promise<APIRequestContext>;
  /** The server's origin; probes' URLs are paths. */
  origin: string;
  allowedOrigins: Set<string>;
  concurrency: number;
  /** Called with each 201 body, so what the probes created can be removed afterwards. */
  onCreated?: (probe: Probe, body: unknown) => void;
};

/** Sends every probe, `concurrency` at a time, and inspects each answer. */
export async function sendProbes(probes: Probe[], opts: RunOptions): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++]!;
      const fresh = probe.fresh && probe.persona !== "anonymous" && opts.fresh;
      const api = fresh ? await opts.fresh!(probe.persona) : opts.contexts[probe.persona]!;
      try {
        // Absolute, so that "//path" stays a path and is not read as a host name.
        const response = await api.fetch(`${opts.origin}${probe.url}`, {
          method: probe.method,
          headers: probe.headers,
          data: probe.body,
          maxRedirects: 0,
          failOnStatusCode: false,
          timeout: 60_000,
        });
        const text = (await response.body()).toString("utf8");
        answers.push({
          probe,
          status: response.status(),
          problems: inspect(probe, response, text, opts.allowedOrigins),
        });
        if (response.status() === 201 && opts.onCreated) opts.onCreated(probe, safeJson(text));
      } catch (error) {
        answers.push({ probe, status: 0, problems: [`no answer: ${String(error).split("\n")[0]}`] });
      } finally {
        if (fresh) await api.dispose();
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return answers;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The counts the suite prints: requests, by status class, persona and probe kind, and coverage. */
export function summarize(name: string, answers: Answer[], seconds: number): string {
  const count = (key: (a: Answer) => string) => {
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
    return [...counts].map(([k, n]) => `${k} ${n}`).join(", ");
  };
  const routes = new Set(answers.map((a) => a.probe.route)).size;
  const covered = answers.flatMap((a) =>
    a.probe.covers.map(([where, kind]) => ({ route: a.probe.route, where, kind })),
  );
  const params = new Set(covered.filter((c) => c.where.includes(".")).map((c) => `${c.route} ${c.where}`)).size;
  const classes = payloadClasses.filter((c) => covered.some((x) => x.kind === c)).length;
  return [
    `${name}: ${answers.length} requests in ${seconds.toFixed(0)} s over ${routes} routes and path groups, ${params} parameters, ${classes}/${payloadClasses.length} payload classes`,
    `  by status: ${count((a) => (a.status === 0 ? "none" : `${Math.floor(a.status / 100)}xx`))}`,
    `  by persona: ${count((a) => a.probe.persona)}`,
    `  by kind: ${count((a) => a.probe.kind)}`,
    `  problems: ${answers.filter((a) => a.problems.length).length}`,
  ].join("\n");
}

/** One line per answer with a problem, for the assertion message. */
export function describeProblems(answers: Answer[], limit = 60): string[] {
  const bad = answers.filter((a) => a.problems.length);
  return bad
    .slice(0, limit)
    .map(
      (a) =>
        `${a.probe.persona} ${a.probe.method} ${a.probe.url.slice(0, 160)} [${a.probe.where}/${a.probe.kind}] → ${a.status}: ${a.problems.join("; ")}`,
    )
    .concat(bad.length > limit ? [`… and ${bad.length - limit} more`] : []);
}
