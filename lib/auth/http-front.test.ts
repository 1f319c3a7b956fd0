import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, frontIsServing } from "./client-address";
import { baselineHeaders, createFrontHandler, createFrontServer, refusalFor } from "./http-front";

// The production server's front (issue 16): every answer carries the security headers, including
// the ones Next.js and Node give on their own, and requests Next.js would answer with a bare 500
// are refused with a 4xx first. A stand-in handler plays Next.js here; e2e/hostile runs the real one.

let server: Server | undefined;
afterAll(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("posture.front-server")];
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

type Seen = { method?: string; url?: string; headers: IncomingHttpHeaders };

/** A front server around `next`; returns its port and what the stand-in received. */
async function start(
  next: (req: IncomingMessage, res: ServerResponse) => unknown = (_req, res) => res.end("ok"),
  options: { trustedProxies?: number; https?: boolean; errors?: unknown[] } = {},
) {
  const seen: Seen[] = [];
  const handler = createFrontHandler(
    (req, res) => {
      seen.push({ method: req.method, url: req.url, headers: { ...req.headers } });
      return next(req, res);
    },
    {
      trustedProxies: options.trustedProxies ?? 0,
      https: options.https ?? false,
      onError: (e) => options.errors?.push(e),
    },
  );
  server = createFrontServer(handler, { https: options.https ?? false });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

/** Sends raw bytes and reads the whole answer (the front closes what it refuses). */
function raw(port: number, request: string): Promise<{ status: number; head: string; headers: Map<string, string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      // Kept-alive answers do not close: stop at the end of a complete response.
      const end = data.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      if (end >= 0 && length !== undefined && data.length >= end + 4 + Number(length)) socket.destroy();
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const head = data.split("\r\n\r\n", 1)[0] ?? "";
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = new Map(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()] as const),
      );
      resolve({ status: Number(statusLine?.split(" ")[1]), head, headers });
    });
    socket.write(request);
  });
}

const get = (path: string, extra = "") =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;

function expectHardened(headers: Map<string, string> | Headers, label: string) {
  const read = (name: string) => (headers instanceof Headers ? headers.get(name) : headers.get(name));
  expect(read("x-content-type-options"), label).toBe("nosniff");
  expect(read("x-frame-options"), label).toBe("DENY");
  expect(read("referrer-policy"), label).toBe("strict-origin-when-cross-origin");
  expect(read("content-security-policy"), label).toContain("frame-ancestors 'none'");
}

describe("front server", () => {
  it("puts the security headers on every answer, the handler's own and its failures included", async () => {
    const errors: unknown[] = [];
    const { port } = await start(
      (req, res) => {
        if (req.url === "/throws") throw new Error("boom");
        if (req.url === "/redirect") {
          res.writeHead(308, { Location: "/runs" });
          return res.end();
        }
        if (req.url === "/policy")
          res.setHeader("Content-Security-Policy", "script-src 'nonce-x'; frame-ancestors 'none'");
        res.end("ok");
      },
      { errors },
    );
    for (const path of ["/", "/redirect", "/throws", "/policy"]) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual" });
      expectHardened(response.headers, path);
      await response.arrayBuffer();
    }
    const thrown = await fetch(`http://127.0.0.1:${port}/throws`);
    expect(thrown.status).toBe(500);
    expect(await thrown.text()).not.toContain("boom");
    expect(errors.length).toBeGreaterThan(0);
    // A page's own policy (proxy.ts, with its nonce) replaces the fallback, not joins it.
    const policy = await fetch(`http://127.0.0.1:${port}/policy`);
    expect(policy.headers.get("content-security-policy")).toBe("script-src 'nonce-x'; frame-ancestors 'none'");
  });

  it("sends HSTS only when served over https", async () => {
    expect(baselineHeaders(false).map(([n]) => n)).not.toContain("Strict-Transport-Security");
    const { port } = await start(undefined, { https: true });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });

  it("answers TRACE and other methods it does not serve with 405, and never passes them on", async () => {
    const { port, seen } = await start();
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "PURGE", "LINK"]) {
      const response = await raw(port, `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expectHardened(response.headers, method);
    }
    const connectResponse = await raw(port, "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n");
    expect(connectResponse.status).toBe(405);
    expectHardened(connectResponse.headers, "CONNECT");
    expect(seen).toEqual([]);
  });

  it("gives Node's own refusals (malformed request, headers over 16 KB) the headers too", async () => {
    const { port, seen } = await start();
    const huge = await raw(port, get("/", `X-Big: ${"a".repeat(20_000)}\r\n`));
    expect(huge.status).toBe(431);
    expectHardened(huge.headers, "431");
    const unknown = await raw(port, "FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(unknown.status).toBe(400);
    expectHardened(unknown.headers, "unknown method");
    const garbage = await raw(port, "GET /\u0000 HTTP/1.1\r\n\r\n");
    expect(garbage.status).toBe(400);
    expectHardened(garbage.headers, "malformed request line");
    expect(seen).toEqual([]);
  });

  it("refuses paths that do not decode with 400 (Next.js answered a bare 500), and passes the rest", async () => {
    const { port, seen } = await start();
    for (const path of ["/api/runs/%", "/runs/%zz", "/api/auth/%", "/a/%C0%AF", "/a/%ED%A0%80", "/a/%E0%A4%A"]) {
      const response = await raw(port, get(path));
      expect(response.status, path).toBe(400);
      expectHardened(response.headers, path);
    }
    expect(seen).toEqual([]);
    for (const path of ["/runs/%2F..%2F", "/a/%00", "/a?q=%zz", "/caf%C3%A9"]) {
      expect((await raw(port, get(path))).status, path).toBe(200);
    }
    expect(seen.map((s) => s.url)).toEqual(["/runs/%2F..%2F", "/a/%00", "/a?q=%zz", "/caf%C3%A9"]);
  });

  it("refuses absolute-form and asterisk targets, targets over 8 KB, and bodies declared larger than the limit", async () => {
    const { port } = await start();
    const long = await raw(port, get(`//${"a".repeat(10_000)}`));
    expect(long.status).toBe(414);
    expectHardened(long.headers, "414");
    expect((await raw(port, get(`/${"a".repeat(8_000)}`))).status).toBe(200);
    expect((await raw(port, get("http://evil.example/"))).status).toBe(400);
    expect((await raw(port, "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).status).toBe(400);
    const big = await raw(
      port,
      `POST /api/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n{`,
    );
    expect(big.status).toBe(413);
    expectHardened(big.headers, "413");
  });

  it("with no trusted proxy, ignores forwarded headers and names the socket's peer as the client", async () => {
    const { port, seen } = await start();
    expect(frontIsServing()).toBe(true);
    await raw(
      port,
      get(
        "/",
        `X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nForwarded: for=203.0.113.7\r\n${CLIENT_ADDRESS_HEADER}: 203.0.113.8\r\n`,
      ),
    );
    const headers = seen[0]!.headers;
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"])
      expect(headers[name], name).toBeUndefined();
  });

  it("behind a trusted proxy, takes the address the proxy appended and keeps its headers", async () => {
    const { port, seen } = await start(undefined, { trustedProxies: 1 });
    await raw(port, get("/", "X-Forwarded-For: 203.0.113.7, 198.51.100.20\r\nX-Forwarded-Proto: https\r\n"));
    await raw(port, get("/", `X-Forwarded-For: ${"x".repeat(10_000)}\r\n${CLIENT_ADDRESS_HEADER}: 203.0.113.8\r\n`));
    expect(seen[0]!.headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.20");
    expect(seen[0]!.headers["x-forwarded-proto"]).toBe("https");
    // Not an address: no client address at all, rather than the header's text.
    expect(seen[1]!.headers[CLIENT_ADDRESS_HEADER]).toBeUndefined();
  });
});

describe("refusalFor", () => {
  const request = (method: string, url: string, headers: IncomingHttpHeaders = {}) => ({ method, url, headers });
  it("lets ordinary requests through", () => {
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      expect(refusalFor(request(method, "/api/teams?x=1"))).toBeNull();
  });
  it("refuses what Next.js would fail on", () => {
    expect(refusalFor(request("TRACE", "/"))?.status).toBe(405);
    expect(refusalFor(request("GET", "/%"))?.status).toBe(400);
    expect(refusalFor(request("POST", "/", { "content-length": String(2 * 1024 * 1024) }))?.status).toBe(413);
  });
});

describe("next.config.js", () => {
  it("sends the same baseline headers in development, where this server does not run", async () => {
    const file = "@/next.config.js"; // Plain JavaScript, no types: imported by name.
    const config = ((await import(/* @vite-ignore */ file)) as { default: unknown }).default as {
      headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
    };
    const [all] = await config.headers();
    expect(all!.source).toBe("/:path*");
    const front = baselineHeaders(false).filter(([name]) => name !== "Content-Security-Policy");
    expect(all!.headers.map((h) => [h.key, h.value])).toEqual(front);
  });
});
