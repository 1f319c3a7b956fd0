import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { findingsSearchParams } from "@/app/findings/search-params";
import { costsSearchParams } from "@/app/costs/search-params";
import { trendsSearchParams } from "@/app/trends/search-params";
import { signInSearchParams } from "@/app/signin/search-params";
import { investigateQuery } from "@/lib/contracts/investigate";
import { scanRoutes } from "@/e2e/authz/routes";
import { schemaFields } from "@/e2e/hostile/schema-fields";
import { guardDutyQuerySchema } from "@/lib/guardduty-search";
import { pathParams, surface } from "@/e2e/hostile/surface";
import { auditQuerySchema } from "@/lib/audit-search";
import { complianceQuerySchema } from "@/lib/compliance/frameworks";
import { timelineQuery } from "@/lib/contracts/timeline";
import { changesQuery } from "@/lib/contracts/changes";
import { accountsQuery } from "@/lib/contracts/accounts-list";

// The hostile-input suite (e2e/hostile/) sends payloads into every parameter e2e/hostile/surface.ts
// names. This holds that list to app/: every route, and for each exactly the path, query and body
// fields its zod schemas read, so a new route or field cannot go unprobed.

type Spec = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type RouteSpec = Spec & { contract?: { params?: z.ZodType; body?: z.ZodType } };

// route() records its spec instead of wrapping a handler, so each module's schemas can be read.
vi.mock("@/lib/auth/server", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  route: ({ contract, ...spec }: RouteSpec) =>
    Object.assign(async () => new Response(null), { spec: contract ? { ...spec, ...contract } : spec }),
}));

const root = path.join(import.meta.dirname, "../..");
const routes = scanRoutes(path.join(root, "app"));
const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** Pages that read their query, and the schema that reads it. */
const pageQueries: Record<string, z.ZodType> = {
  "/signin": signInSearchParams,
  "/settings/audit": auditQuerySchema,
  "/guardduty": guardDutyQuerySchema,
  "/findings": findingsSearchParams,
  "/investigate": investigateQuery,
  "/costs": costsSearchParams,
  "/trends": trendsSearchParams,
  "/compliance": complianceQuerySchema,
  "/timeline": timelineQuery,
  "/changes": changesQuery,
  "/accounts": accountsQuery,
};
/** Not wrapped by route(): next-auth reads what its endpoints need; the list in surface.ts is by hand. */
const UNWRAPPED = new Set(["GET /api/auth/[...nextauth]", "POST /api/auth/[...nextauth]"]);

const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort();

describe("hostile-input surface", () => {
  it("has an entry for every route in app/ and a route for every entry", () => {
    const served = new Set(routes.map(key));
    expect(
      [...served].filter((k) => !(k in surface)),
      "served by app/ but missing from e2e/hostile/surface.ts",
    ).toEqual([]);
    expect(
      Object.keys(surface).filter((k) => !served.has(k)),
      "in e2e/hostile/surface.ts but not served by app/",
    ).toEqual([]);
  });

  it.each(routes.filter((r) => r.kind === "api" && !UNWRAPPED.has(key(r))).map((r) => [key(r), r.file] as const))(
    "%s: names every path, query and body field its schemas read",
    async (routeKey, file) => {
      const mod = (await import(path.join(root, file))) as Record<string, (() => unknown) & { spec?: Spec }>;
      const handler = mod[routeKey.split(" ")[0]!]!;
      const entry = surface[routeKey]!;
      if (!handler.spec) {
        // Outside route(), only a handler that reads no request at all (the health check) is allowed.
        expect(handler.length, `${file}: through route(), or a handler without parameters`).toBe(0);
        expect(entry, routeKey).toEqual({});
        return;
      }
      const spec = handler.spec;
      const params = pathParams(routeKey.split(" ")[1]!);
      expect(sorted(spec.params ? schemaFields(spec.params) : []), "path parameters").toEqual(sorted(params));
      expect(sorted(spec.query ? schemaFields(spec.query) : []), "query parameters").toEqual(sorted(entry.query));
      expect(sorted(spec.body ? schemaFields(spec.body) : []), "body fields").toEqual(sorted(entry.body));
      for (const field of Object.keys(entry.base ?? {})) expect(entry.body, `base field ${field}`).toContain(field);
    },
  );

  it("names the query of every page that reads one", () => {
    const pages = routes.filter((r) => r.kind === "page");
    const reading = pages.filter((p) => /\bsearchParams\b/.test(readFileSync(path.join(root, p.file), "utf8")));
    expect(reading.map((p) => p.path).sort(), "pages reading searchParams, each needing a schema here").toEqual(
      Object.keys(pageQueries).sort(),
    );
    for (const page of pages) {
      const schema = pageQueries[page.path];
      expect(sorted(surface[key(page)]!.query), page.path).toEqual(sorted(schema ? schemaFields(schema) : []));
    }
  });

  it("reads nested and union fields from a schema", async () => {
    const { z } = await import("zod");
    const schema = z.union([
      z.strictObject({ a: z.string(), nested: z.object({ b: z.number() }).optional() }),
      z.object({ c: z.string().transform(Number).pipe(z.number()) }).partial(),
    ]);
    expect(schemaFields(schema).sort()).toEqual(["a", "c", "nested", "nested.b"]);
  });
});
