import NextAuth from "next-auth";
import { sameOriginPath, sameOriginUrl } from "@/lib/auth/callback-url";
import { authCookies, secureCookies } from "@/lib/auth/cookies";
import { authOptions, LOCAL_PROVIDER } from "@/lib/auth/options";
import { problem, problemResponse, type ApiErrorCode } from "@/lib/contracts/errors";
import { publicUrl } from "@/lib/env";

// next-auth's own endpoints: provider redirects and callbacks, CSRF token, credentials sign-in.
// Its state, PKCE and nonce cookies are HttpOnly, SameSite=Lax and Secure behind https.

const MAX_BODY = 64 * 1024;
// next-auth's endpoints and their methods. "_log" (the browser client's error reporting) is left
// out: anyone could write to the server log through it.
const ACTIONS: Record<string, readonly string[]> = {
  providers: ["GET"],
  session: ["GET", "POST"],
  csrf: ["GET"],
  signin: ["GET", "POST"],
  signout: ["GET", "POST"],
  callback: ["GET", "POST"],
  error: ["GET"],
  "verify-request": ["GET"],
};
const WITH_PROVIDER = new Set(["signin", "callback"]);
const origin = new URL(publicUrl).origin;
const callbackCookie = authCookies(secureCookies).callbackUrl!.name;

const refuse = (code: ApiErrorCode, message: string, headers: Record<string, string> = {}) => {
  const p = problem(code, message);
  Object.assign(p.headers, headers);
  return problemResponse(p);
};

type Body = Record<string, string> | undefined;

/** The form or JSON body next-auth reads, or a refusal. */
async function readBody(request: Request): Promise<{ body: Body } | { refusal: Response }> {
  if (request.method !== "POST") return { body: undefined };
  const text = await request.text();
  if (text.length > MAX_BODY) return { refusal: refuse("too-large", "request too large") };
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded"))
    return { body: Object.fromEntries(new URLSearchParams(text)) };
  if (!type.includes("application/json")) return { body: undefined };
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      return { refusal: refuse("bad-request", "body must be a JSON object") };
    return {
      body: Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string")),
    };
  } catch {
    return { refusal: refuse("bad-request", "body must be JSON") };
  }
}

/** next-auth writes ?error= into its redirects unencoded (İ there was a 500): percent-encoded here. */
function asLocation(value: string): string {
  try {
    return new URL(value, origin).href;
  } catch {
    return `${origin}/`;
  }
}

/** Collects what next-auth's Pages-API handler writes, as a Response. */
class ResponseRecorder {
  statusCode = 200;
  readonly headers = new Headers({ "Cache-Control": "no-store" });
  private body: BodyInit | null = null;

  status(code: number) {
    this.statusCode = code;
    return this;
  }
  getHeader(name: string) {
    return name.toLowerCase() === "set-cookie" ? this.headers.getSetCookie() : this.headers.get(name);
  }
  setHeader(name: string, value: string | string[]) {
    this.headers.delete(name);
    for (const v of Array.isArray(value) ? value : [value])
      this.headers.append(name, name.toLowerCase() === "location" ? asLocation(v) : v);
    return this;
  }
  json(value: unknown) {
    this.headers.set("Content-Type", "application/json");
    this.body = JSON.stringify(value);
  }
  send(value: unknown) {
    if (typeof value === "string") this.body = value;
    else if (value !== undefined && value !== null) this.json(value);
  }
  end() {}
  toResponse() {
    return new Response(this.statusCode === 204 || this.statusCode === 304 ? null : this.body, {
      status: this.statusCode,
      headers: this.headers,
    });
  }
}

/**
 * next-auth gets the request in its Pages-API form, its callbackUrl (query, body, cookie) made one on
 * the public origin first: `callbackUrl=x` was a 500, and a planted callback-url cookie broke every
 * endpoint for that browser (issue 16).
 */
const handler = async (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => {
  const { nextauth } = await context.params;
  const [action, provider] = nextauth;
  const options = authOptions();
  // What next-auth would answer with its own error text, or (GET callback/local) a 500 and its internals.
  const methods = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action]! : null;
  if (!methods || nextauth.length > 2) return refuse("not-found", "not found");
  const needsProvider = action === "callback" || (action === "signin" && request.method === "POST");
  // A provider's own options carry its id until next-auth merges them (CredentialsProvider says "credentials").
  const ids = options.providers.map((p) => (p as { options?: { id?: string } }).options?.id ?? p.id);
  if (provider === undefined ? needsProvider : !WITH_PROVIDER.has(action!) || !ids.includes(provider))
    return refuse("not-found", "not found");
  const allowed = action === "callback" && provider === LOCAL_PROVIDER ? ["POST"] : methods;
  if (!allowed.includes(request.method === "HEAD" ? "GET" : request.method))
    return refuse("method-not-allowed", "method not allowed", { Allow: allowed.join(", ") });
  const read = await readBody(request);
  if ("refusal" in read) return read.refusal;
  const body = read.body;
  if (body && "callbackUrl" in body) body.callbackUrl = sameOriginPath(body.callbackUrl, origin);
  const query: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams);
  if ("callbackUrl" in query) query.callbackUrl = sameOriginPath(query.callbackUrl, origin);
  const cookies = Object.fromEntries(
    (request.headers.get("cookie") ?? "")
      .split(";")
      .map((part) => part.trim().split(/=(.*)/s, 2) as [string, string?])
      .filter((pair): pair is [string, string] => Boolean(pair[0]) && pair[1] !== undefined)
      .map(([name, value]) => [name, safeDecode(value)]),
  );
  if (cookies[callbackCookie] !== undefined) cookies[callbackCookie] = sameOriginUrl(cookies[callbackCookie], origin);
  const recorder = new ResponseRecorder();
  await NextAuth(
    {
      method: request.method,
      query: { ...query, nextauth },
      body,
      cookies,
      headers: Object.fromEntries(request.headers),
    } as never,
    recorder as never,
    options,
  );
  return recorder.toResponse();
};

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export { handler as GET, handler as POST };
