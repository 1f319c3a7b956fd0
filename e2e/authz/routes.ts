import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Every HTTP method a route handler may export (Next.js App Router). */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One thing the app answers: a page (GET) or a method of a route handler, at a path as app/ spells it ("/runs/[id]"). */
export type DiscoveredRoute = { kind: "page" | "api"; method: HttpMethod; path: string; file: string };

const PAGE = /^page\.(tsx|ts|jsx|js|mdx)$/;
const ROUTE = /^route\.(ts|js)$/;

/**
 * Walks app/ the way the App Router does: `page.*` is a GET page, `route.*` answers the methods it
 * exports. Route groups "(x)" add no path segment; private folders "_x" are not routable; parallel
 * slots "@x" and intercepting routes "(.)x" render inside other URLs and are not listed.
 */
export function scanRoutes(appDir: string): DiscoveredRoute[] {
  const found: DiscoveredRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const name = entry.name;
        if (name.startsWith("_") || name.startsWith("@") || /^\(\.{1,3}\)/.test(name) || name.startsWith("(...)"))
          continue;
        walk(full, /^\(.+\)$/.test(name) ? segments : [...segments, name]);
        continue;
      }
      const urlPath = `/${segments.join("/")}`;
      const file = path.relative(path.dirname(appDir), full);
      if (PAGE.test(entry.name)) found.push({ kind: "page", method: "GET", path: urlPath, file });
      else if (ROUTE.test(entry.name)) {
        for (const method of exportedMethods(readFileSync(full, "utf8")))
          found.push({ kind: "api", method, path: urlPath, file });
      }
    }
  };
  walk(appDir, []);
  return found;
}

/** The HTTP methods a route module exports: `export const GET`, `export async function POST`, `export { h as GET }`. */
export function exportedMethods(source: string): HttpMethod[] {
  const methods = new Set<HttpMethod>();
  const isMethod = (name: string): name is HttpMethod => (HTTP_METHODS as readonly string[]).includes(name);
  for (const m of source.matchAll(/export\s+(?:const|let|var|(?:async\s+)?function\*?)\s+([A-Z]+)\b/g))
    if (isMethod(m[1]!)) methods.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      if (isMethod(name)) methods.add(name);
    }
  }
  return HTTP_METHODS.filter((m) => methods.has(m));
}

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/**
 * Compares what app/ serves with the expectations: a route nobody wrote an expectation for, or an
 * expectation for a route that no longer exists, is a mistake either way.
 */
export function compareWithMatrix(
  routes: readonly { method: string; path: string }[],
  matrix: readonly { method: string; path: string }[],
) {
  const served = new Set(routes.map(routeKey));
  const expected = new Set(matrix.map(routeKey));
  const duplicates = matrix.map(routeKey).filter((k, i, all) => all.indexOf(k) !== i);
  return {
    /** Served, with no entry in e2e/authz/matrix.ts. */
    missing: [...served].filter((k) => !expected.has(k)).sort(),
    /** In e2e/authz/matrix.ts, not served. */
    stale: [...expected].filter((k) => !served.has(k)).sort(),
    duplicates,
  };
}
