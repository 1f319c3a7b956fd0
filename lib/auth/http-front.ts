import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { CLIENT_ADDRESS_HEADER, markFrontServing, resolveClientAddress } from "./client-address";

// What the production server (scripts/serve.ts) does before Next.js sees a request, and for the
// answers Next.js gives without the app's code: its own 308s, 404s and 500s, and Node's 400s and
// 431s, which next.config.js headers() and proxy.ts never reach (issue 16).

export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const allowed = new Set<string>(ALLOWED_METHODS);
const MAX_TARGET = 8 * 1024;

/** Headers that only a trusted proxy may set; with none configured they are dropped on arrival. */
export const FORWARDED_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
] as const;

export type FrontOptions = {
  /** AUTH_TRUSTED_PROXIES: reverse proxies in front that append to X-Forwarded-For. */
  trustedProxies: number;
  /** Served over https (AUTH_URL): HSTS on every response. */
  https: boolean;
  /** Larger declared bodies are refused before anything reads them. */
  maxBodyBytes?: number;
  onError?: (error: unknown) => void;
};

/** The headers every response carries; proxy.ts replaces the CSP with the page's nonce policy. */
export function baselineHeaders(https: boolean): [string, string][] {
  return [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Frame-Options", "DENY"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
    ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"],
    ...(https ? [["Strict-Transport-Security", "max-age=63072000; includeSubDomains"] as [string, string]] : []),
  ];
}

type Refusal = { status: number; allow?: string };

/** Why a request must not reach Next.js at all, or null. */
export function refusalFor(
  request: Pick<IncomingMessage, "method" | "url" | "headers">,
  maxBodyBytes = 1024 * 1024,
): Refusal | null {
  if (!allowed.has(request.method ?? "")) return { status: 405, allow: ALLOWED_METHODS.join(", ") };
  const target = request.url ?? "";
  // Origin-form only: no "*", no absolute URL naming some other host.
  if (!target.startsWith("/")) return { status: 400 };
  // Next.js would echo it in a 308's Location and Refresh: 20 KB of headers no client reads.
  if (target.length > MAX_TARGET) return { status: 414 };
  // Next.js answers a bare 500 to a path it cannot decode ("/runs/%zz", "/api/auth/%").
  try {
    decodeURIComponent(target.split("?", 1)[0]!);
  } catch {
    return { status: 400 };
  }
  if (Number(request.headers["content-length"] ?? 0) > maxBodyBytes) return { status: 413 };
  return null;
}

/** Replaces what a client may not choose: the forwarded headers (unless proxies are trusted) and the client address. */
export function rewriteRequestHeaders(request: IncomingMessage, trustedProxies: number): void {
  const forwardedFor = request.headers["x-forwarded-for"];
  const address = resolveClientAddress({
    forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
    peer: request.socket.remoteAddress,
    trustedProxies,
  });
  delete request.headers[CLIENT_ADDRESS_HEADER];
  if (trustedProxies === 0) for (const name of FORWARDED_HEADERS) delete request.headers[name];
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
}

function answer(request: IncomingMessage, response: ServerResponse, { status, allow }: Refusal) {
  response.statusCode = status;
  if (allow) response.setHeader("Allow", allow);
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  // The request's body may not have been read: do not leave it on a kept-alive connection.
  response.setHeader("Connection", "close");
  response.end(request.method === "HEAD" ? undefined : `${status} ${STATUS_CODES[status]}\n`);
}

type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

/** Wraps Next.js's request handler (or any other). */
export function createFrontHandler(next: Handler, options: FrontOptions): Handler {
  markFrontServing();
  const headers = baselineHeaders(options.https);
  return (request, response) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    const refusal = refusalFor(request, options.maxBodyBytes);
    if (refusal) return answer(request, response, refusal);
    rewriteRequestHeaders(request, options.trustedProxies);
    Promise.resolve()
      .then(() => next(request, response))
      .catch((error: unknown) => {
        options.onError?.(error);
        if (!response.headersSent) answer(request, response, { status: 500 });
        else response.destroy();
      });
  };
}

function rawAnswer(status: number, headers: [string, string][], extra: [string, string][] = []): string {
  const body = `${status} ${STATUS_CODES[status]}\n`;
  const lines = [...headers, ...extra, ["Content-Type", "text/plain; charset=utf-8"], ["Cache-Control", "no-store"]];
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    ...lines.map(([name, value]) => `${name}: ${value}`),
    "Connection: close",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}

/**
 * An HTTP server for `handler` whose own answers carry the security headers too: a request Node's
 * parser refuses (unknown method, malformed line, headers over 16 KB: 431) and CONNECT.
 */
export function createFrontServer(handler: Handler, options: Pick<FrontOptions, "https">): Server {
  const headers = baselineHeaders(options.https);
  const server = createServer(handler);
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    socket.end(rawAnswer(status, headers));
  });
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    socket.end(rawAnswer(405, headers, [["Allow", ALLOWED_METHODS.join(", ")]]));
  });
  return server;
}
