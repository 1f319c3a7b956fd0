// bench:load's people: teams made through the admin API, and users created by the app itself at their
// first OpenID Connect sign-in (the real flow, over HTTP, against the test identity provider).
import type { OidcUser } from "../../test/oidc/provider";

export type Role = "admin" | "triager" | "viewer";
export type LoadUser = OidcUser & { role: Role; teams: string[] };

export const ROLE_GROUPS = "bench-admins=admin,bench-triagers=triager,bench-viewers=viewer";

/** The teams and the scope each gets: two halves of the member accounts by id, and the dev environment. */
export type TeamPlan = { name: string; group: string; scopes: { kind: "account" | "environment"; value: string }[] };

export function planTeams(memberIds: readonly string[]): TeamPlan[] {
  const half = Math.ceil(memberIds.length / 2);
  return [
    {
      name: "Alpha",
      group: "team-alpha",
      scopes: memberIds.slice(0, half).map((value) => ({ kind: "account", value })),
    },
    { name: "Beta", group: "team-beta", scopes: memberIds.slice(half).map((value) => ({ kind: "account", value })) },
    { name: "Dev", group: "team-dev", scopes: [{ kind: "environment", value: "dev" }] },
  ];
}

/**
 * `count` people: every tenth an admin, the others triagers and viewers in turn; non-admins belong
 * to one team each in turn, and every fourth of them to Alpha and Beta both.
 */
export function planUsers(count: number, teams: readonly TeamPlan[]): LoadUser[] {
  return Array.from({ length: count }, (_, i) => {
    const role: Role = i % 10 === 0 ? "admin" : i % 2 === 1 ? "triager" : "viewer";
    const own =
      role === "admin" ? [] : i % 4 === 3 ? [teams[0]!.group, teams[1]!.group] : [teams[i % teams.length]!.group];
    const sub = `user${String(i).padStart(3, "0")}`;
    return {
      sub,
      email: `${sub}@bench.example`,
      email_verified: true,
      name: `Bench User ${i}`,
      groups: [`bench-${role}s`, ...own],
      role,
      teams: own,
    };
  });
}

/** Cookies per origin (host and port), as far as this flow needs: names and values, no expiry or path. */
class Jar {
  private readonly byOrigin = new Map<string, Map<string, string>>();
  take(url: string, res: Response) {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    this.byOrigin.set(origin, jar);
  }
  header(url: string): string {
    const jar = this.byOrigin.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }
  get(url: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }
}

async function send(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, {
    ...init,
    redirect: "manual",
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
  });
  jar.take(url, res);
  return res;
}

const SESSION = "next-auth.session-token";

/**
 * Signs `user` in through provider `providerId` as a browser would: next-auth's sign-in POST, the
 * IdP's authorization and login form, back to the callback. Answers the dashboard's session cookie.
 */
export async function signInOidc(base: string, providerId: string, user: Pick<OidcUser, "sub">): Promise<string> {
  const jar = new Jar();
  const csrf = await send(jar, `${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let res = await send(jar, `${base}/api/auth/signin/${providerId}`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${base}/`, json: "true" }),
  });
  let url: string;
  if (res.headers.get("location")) url = new URL(res.headers.get("location")!, base).toString();
  else url = ((await res.json()) as { url: string }).url;
  for (let hop = 0; hop < 20; hop++) {
    const session = jar.get(base, SESSION);
    if (session) return `${SESSION}=${session}`;
    res = await send(jar, url);
    const location = res.headers.get("location");
    if (location) {
      await res.arrayBuffer();
      url = new URL(location, url).toString();
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html);
    if (res.status !== 200 || !form) throw new Error(`OIDC sign-in of ${user.sub} stuck at ${url} (${res.status})`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1] ?? "login";
    const fields: Record<string, string> =
      prompt === "login" ? { prompt, login: user.sub, password: "any" } : { prompt: "consent" };
    const action = new URL(form[1]!, url).toString();
    res = await send(jar, action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
    await res.arrayBuffer();
    const next = res.headers.get("location");
    if (!next) throw new Error(`OIDC form of ${user.sub} at ${action} answered ${res.status} without a redirect`);
    url = new URL(next, action).toString();
  }
  const session = jar.get(base, SESSION);
  if (session) return `${SESSION}=${session}`;
  throw new Error(`OIDC sign-in of ${user.sub}: no session after 20 redirects (last ${url})`);
}
