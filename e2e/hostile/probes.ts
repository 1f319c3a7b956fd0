import { concretePath, matrix, MUTATIONS, type MatrixEntry } from "../authz/matrix";
import { HTTP_METHODS } from "../authz/routes";
import { markup, payloads, urlText, type Payload } from "./payloads";
import { pathParams, surface, type SurfaceEntry } from "./surface";

/** One request of the suite, and what it probes. */
export type Probe = {
  persona: string;
  /** "METHOD /path" as app/ spells it, or "* /path" for probes of a path whatever the method. */
  route: string;
  /** Where the payload went: "path.id", "query.actor", "body.name", "several", or a probe kind ("method", …). */
  where: string;
  /** The payload class, or the probe kind. */
  kind: string;
  /** Every (parameter, payload class) the request carries. */
  covers: [string, string][];
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Must not come back unescaped in an HTML answer. */
  markers: string[];
  /** Statuses the answer must have (a refusal that is due), beyond "not a 5xx". */
  expect?: readonly number[];
  /** Sent with a session of its own: accepted, it would end the session it rides on (sign-out). */
  fresh?: boolean;
};

export type PlanOptions = {
  personas: readonly string[];
  /** The persona a route lets in: each payload goes alone into each parameter, as far as it gets. */
  deep: (entry: MatrixEntry) => string | null;
  /** The dashboard's origin: mutations carry it, so payloads reach validation. */
  origin: string;
  /** Send payloads in mutation bodies (state may change: the Postgres run cleans up after itself). */
  mutations: boolean;
  /** Personas that cannot send requests which end their session (no way to mint one here). */
  noFreshSessions?: boolean;
};

const FOREIGN = "https://evil.example";
const JSON_HEADERS = { "Content-Type": "application/json" };
const FORM_HEADERS = { "Content-Type": "application/x-www-form-urlencoded" };

/** The payloads by class, in a fixed order. */
function byClass(list: Payload[]): Payload[][] {
  const groups = new Map<string, Payload[]>();
  for (const p of list) groups.set(p.class, [...(groups.get(p.class) ?? []), p]);
  return [...groups.values()];
}
const urlClasses = byClass(payloads.filter((p) => urlText(p) !== null));
const bodyClasses = byClass(payloads.filter((p) => !p.urlOnly));

/** Member `n` of a class, wrapping: over many slots and personas every payload of the class is used. */
const member = (members: Payload[], n: number) => members[n % members.length]!;

/** `count` items of a list starting at `seed`, wrapping. */
function rotate<T>(list: readonly T[], seed: number, count: number): T[] {
  return Array.from({ length: Math.min(count, list.length) }, (_, i) => list[(seed + i) % list.length]!);
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  const keys = dotted.split(".");
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (at[k] === null || typeof at[k] !== "object" || Array.isArray(at[k])) at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys.at(-1)!] = value;
  return copy;
}

function encodeForm(body: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) form.set(k, typeof v === "string" ? v : JSON.stringify(v));
  return form.toString();
}

/** The entry's path with its parameters replaced by URL-ready text (the others keep their samples). */
function pathWith(entry: MatrixEntry, texts: Record<string, string>): string {
  const markers = Object.fromEntries(Object.keys(texts).map((name) => [name, `\u0001${name}\u0001`]));
  let path = concretePath({ ...entry, query: undefined, params: { ...entry.params, ...markers } });
  for (const [name, text] of Object.entries(texts)) path = path.replace(encodeURIComponent(markers[name]!), text);
  return path;
}

const withQuery = (path: string, ...parts: (string | undefined)[]) => {
  const query = parts.filter(Boolean).join("&");
  return query ? `${path}?${query}` : path;
};

/** Every probe of one matrix entry as one persona. */
function entryProbes(
  entry: MatrixEntry,
  info: SurfaceEntry,
  persona: string,
  seed: number,
  opts: PlanOptions,
): Probe[] {
  const route = `${entry.method} ${entry.path}`;
  const deep = opts.deep(entry) === persona;
  const mutation = MUTATIONS.has(entry.method);
  const originHeaders: Record<string, string> = mutation ? { Origin: opts.origin } : {};
  const contentHeaders = info.form ? FORM_HEADERS : JSON_HEADERS;
  const baseBody = info.base ?? (entry.body as Record<string, unknown> | undefined) ?? (mutation ? {} : undefined);
  const encode = (body: Record<string, unknown>) => (info.form ? encodeForm(body) : JSON.stringify(body));
  const headers: Record<string, string> = { ...originHeaders, ...(baseBody !== undefined ? contentHeaders : {}) };
  const sendsBody = opts.mutations && baseBody !== undefined;
  const samples = [concretePath(entry)];
  for (const [name, values] of Object.entries(info.variants ?? {}))
    for (const value of values) samples.push(concretePath({ ...entry, params: { ...entry.params, [name]: value } }));
  const never = (field: string) => (info.never?.[field] ?? []).map((v) => JSON.stringify(v));
  const probes: Probe[] = [];
  const add = (p: Omit<Probe, "persona" | "route" | "method" | "markers" | "covers"> & Partial<Probe>) =>
    probes.push({
      persona,
      route,
      method: entry.method,
      fresh: entry.endsSession,
      markers: [],
      covers: [[p.where, p.kind]],
      ...p,
    });

  // The entry as the matrix sends it (a mutation only where state may change), and its other samples.
  if (opts.mutations || !mutation)
    for (const url of deep ? samples : samples.slice(0, 1))
      add({ where: "baseline", kind: "baseline", url, headers, body: baseBody && encode(baseBody) });

  const paramNames = pathParams(entry.path);
  const queryNames = info.query ?? [];
  const bodyNames = sendsBody ? (info.body ?? []) : [];

  if (deep) {
    // Each payload class alone in each parameter: it gets as far as validation lets it.
    paramNames.forEach((name, slot) => {
      for (const members of urlClasses) {
        const payload = member(members, seed + slot);
        add({
          where: `path.${name}`,
          kind: payload.class,
          url: withQuery(pathWith(entry, { [name]: urlText(payload)! }), entry.query),
          headers,
          body: baseBody && encode(baseBody),
          markers: [markup(payload)].filter((m): m is string => m !== null),
        });
      }
    });
    queryNames.forEach((name, slot) => {
      samples.forEach((path, i) => {
        // The entry's own path gets every class; its other samples (next-auth's actions) one each.
        const classes = i === 0 ? urlClasses : rotate(urlClasses, seed + slot + i, 1);
        for (const members of classes) {
          const payload = member(members, seed + slot + i);
          add({
            where: `query.${name}`,
            kind: payload.class,
            url: withQuery(path, entry.query, `${encodeURIComponent(name)}=${urlText(payload)}`),
            headers,
            markers: [markup(payload)].filter((m): m is string => m !== null),
          });
        }
      });
      // Arrays and objects where a string is due.
      for (const shape of rotate([`${name}=a&${name}=b`, `${name}[]=a`, `${name}[a]=b`, name], seed + slot, 2))
        add({ where: `query.${name}`, kind: "type", url: withQuery(samples[0]!, entry.query, shape), headers });
    });
    bodyNames.forEach((name, slot) => {
      samples.forEach((path, i) => {
        const classes = i === 0 ? bodyClasses : rotate(bodyClasses, seed + slot + i, 1);
        for (const members of classes) {
          const allowed = members.filter((p) => !never(name).includes(JSON.stringify(p.value)));
          if (allowed.length === 0) continue;
          const payload = member(allowed, seed + slot + i);
          const body = info.exclusive ? setPath({}, name, payload.value) : setPath(baseBody!, name, payload.value);
          add({
            where: `body.${name}`,
            kind: payload.class,
            url: path,
            headers,
            body: encode(body),
            markers: [markup(payload)].filter((m): m is string => m !== null),
          });
        }
      });
    });
  } else if (paramNames.length + queryNames.length + bodyNames.length > 0) {
    // A persona the route refuses: every parameter at once, a different class in each, so that every
    // (parameter, class) pair is sent in as many requests as there are classes.
    const rounds = Math.max(urlClasses.length, bodyNames.length ? bodyClasses.length : 0);
    for (let r = 0; r < rounds; r++) {
      const covers: [string, string][] = [];
      const markers: string[] = [];
      const take = (classes: Payload[][], j: number, field?: string) => {
        const members = classes[(r + j) % classes.length]!;
        const allowed = field ? members.filter((p) => !never(field).includes(JSON.stringify(p.value))) : members;
        const payload = member(allowed.length ? allowed : members, seed + r);
        const m = markup(payload);
        if (m) markers.push(m);
        return payload;
      };
      const texts = Object.fromEntries(
        paramNames.map((name, j) => {
          const payload = take(urlClasses, j);
          covers.push([`path.${name}`, payload.class]);
          return [name, urlText(payload)!];
        }),
      );
      const query = queryNames.map((name, j) => {
        const payload = take(urlClasses, paramNames.length + j);
        covers.push([`query.${name}`, payload.class]);
        return `${encodeURIComponent(name)}=${urlText(payload)}`;
      });
      let body = baseBody;
      for (const [j, name] of bodyNames.entries()) {
        const payload = take(bodyClasses, j, name);
        covers.push([`body.${name}`, payload.class]);
        body = info.exclusive && j === 0 ? setPath({}, name, payload.value) : setPath(body!, name, payload.value);
      }
      add({
        where: "several",
        kind: "several",
        covers,
        markers,
        url: withQuery(pathWith(entry, texts), entry.query, ...query),
        headers,
        body: body && (sendsBody || !mutation ? encode(body) : undefined),
      });
    }
  }

  if (sendsBody) {
    // The body as a whole: malformed JSON, other shapes, wrong content types, too large.
    const wholes: { body: string; headers: Record<string, string>; kind: string }[] = [
      { body: "{", headers: JSON_HEADERS, kind: "malformed" },
      { body: "\u0000", headers: JSON_HEADERS, kind: "malformed" },
      {
        body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}',
        headers: JSON_HEADERS,
        kind: "prototype",
      },
      { body: "null", headers: JSON_HEADERS, kind: "type" },
      { body: '["x"]', headers: JSON_HEADERS, kind: "type" },
      { body: "1e999", headers: JSON_HEADERS, kind: "number" },
      { body: `${"[".repeat(5_000)}${"]".repeat(5_000)}`, headers: JSON_HEADERS, kind: "deep" },
      { body: JSON.stringify(baseBody), headers: { "Content-Type": "text/plain" }, kind: "content-type" },
      {
        body: "--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--",
        headers: { "Content-Type": "multipart/form-data; boundary=x" },
        kind: "content-type",
      },
      { body: JSON.stringify(baseBody), headers: {}, kind: "content-type" },
      { body: JSON.stringify({ ...baseBody, pad: "x".repeat(300 * 1024) }), headers: JSON_HEADERS, kind: "oversized" },
    ];
    for (const whole of deep ? wholes : rotate(wholes, seed, 1))
      add({
        where: "body",
        kind: whole.kind,
        url: samples[0]!,
        headers: { ...originHeaders, ...whole.headers },
        body: whole.body,
      });
  }

  if (mutation) {
    // Cross-site: whatever Host or X-Forwarded-* say, a foreign or missing Origin is refused (issue 16).
    const csrf: Record<string, string>[] = [
      { Origin: FOREIGN, "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
      { Origin: FOREIGN, Host: "evil.example" },
      {},
      { Origin: "null" },
      { Origin: opts.origin, "Sec-Fetch-Site": "cross-site" },
      { Origin: `${opts.origin}/` },
    ];
    for (const extra of deep ? csrf : rotate(csrf, seed, 1))
      add({
        where: "csrf",
        kind: "csrf",
        url: samples[0]!,
        headers: { ...(baseBody !== undefined ? contentHeaders : {}), ...extra },
        body: baseBody && encode(baseBody),
        expect: entry.csrf === "next-auth" ? undefined : [403],
      });
  }
  return probes;
}

/** Probes of a path as a whole, whatever its method: methods, paths, headers, cookies. */
function pathProbes(path: string, entries: MatrixEntry[], persona: string, seed: number, deep: boolean): Probe[] {
  // Sign-out: its entry's own probes cover it, each with a session of its own.
  if (entries.some((e) => e.endsSession)) return [];
  const url = concretePath({ ...entries[0]!, query: undefined });
  const served = new Set(entries.map((e) => e.method));
  const probes: Probe[] = [];
  const add = (p: Omit<Probe, "persona" | "route" | "covers" | "markers">) =>
    probes.push({ persona, route: `* ${path}`, covers: [[p.where, p.kind]], markers: [], ...p });

  // HEAD and OPTIONS Next.js answers for any route; the rest must be refused.
  const methods = [...HTTP_METHODS.filter((m) => !served.has(m) && m !== "HEAD"), "TRACE", "PROPFIND"];
  for (const method of rotate(methods, seed, deep ? 3 : 1))
    add({ where: "method", kind: "method", method, url, headers: {} });

  const paths = [
    `${url}/`,
    `/${url}`,
    `${url}/${"a".repeat(10_000)}`,
    `${url}/..%2f..%2f..%2fetc%2fpasswd`,
    `${url}%00`,
    `${url}/%`,
    `${url};x=1`,
    url.toUpperCase(),
    `${url}/%2e%2e/%2e%2e/`,
  ];
  for (const p of rotate(paths, seed, deep ? 3 : 1))
    add({ where: "path", kind: "path", method: "GET", url: p, headers: {} });

  const headers: Record<string, string>[] = [
    { "X-Forwarded-For": "9".repeat(12_000) },
    { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
    { RSC: "1", "Next-Router-State-Tree": "%7B%22not%22:%22a tree" },
    { RSC: "1", "Next-Router-State-Tree": "[[[[[[[[[[" },
    { "Next-Action": "0000000000000000000000000000000000000000" },
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "Next-Router-Prefetch": "1", RSC: "1" },
    { Accept: "*/*;q=0.8, text/html;q=foo, \u00ff" },
    { Range: "bytes=0-0,-1,99999999999999999999-" },
    { "If-None-Match": `"${"x".repeat(2_000)}"` },
    { "Content-Type": "text/x-component", "Accept-Language": "%00;q=1" },
  ];
  for (const h of rotate(headers, seed, deep ? 3 : 1))
    add({ where: "header", kind: "header", method: "GET", url, headers: h });

  // Only anonymous: a persona's session cookie must stay the only one it sends.
  const cookies = [
    "next-auth.callback-url=x",
    "next-auth.callback-url=https%3A%2F%2Fevil.example",
    "next-auth.session-token=not-a-jwe",
    "next-auth.csrf-token=%00%00",
    `big=${"c".repeat(8_000)}`,
    "__Host-next-auth.session-token=x; __Secure-next-auth.session-token=y",
    "a=%zz; b=%00",
  ];
  if (persona === "anonymous")
    for (const c of rotate(cookies, seed, 2))
      add({ where: "cookie", kind: "cookie", method: "GET", url, headers: { Cookie: c } });
  return probes;
}

/** The whole plan: every entry of the matrix (so every route of app/) as every persona. */
export function planProbes(opts: PlanOptions): Probe[] {
  const probes: Probe[] = [];
  const byPath = new Map<string, MatrixEntry[]>();
  for (const e of matrix) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  opts.personas.forEach((persona, i) => {
    matrix.forEach((entry, j) => {
      if (entry.endsSession && opts.noFreshSessions && persona !== "anonymous") return;
      const info = surface[`${entry.method} ${entry.path}`];
      if (!info) throw new Error(`${entry.method} ${entry.path} has no entry in e2e/hostile/surface.ts`);
      probes.push(...entryProbes(entry, info, persona, 7 * i + j, opts));
    });
    [...byPath].forEach(([path, entries], j) => {
      const deep = entries.some((e) => opts.deep(e) === persona);
      probes.push(...pathProbes(path, entries, persona, 7 * i + j, deep));
    });
  });
  return probes;
}
