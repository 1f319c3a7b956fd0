import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { concretePath, expectedOutcome, matrix, observedOutcome } from "@/e2e/authz/matrix";
import { compareWithMatrix, exportedMethods, scanRoutes } from "@/e2e/authz/routes";

// The authorization matrix (e2e/authz/matrix.ts) must list every page and route handler of app/:
// this fails fast, before the end-to-end run sends each of them as every persona.

const appDir = path.join(import.meta.dirname, "../../app");

describe("authorization matrix", () => {
  it("has an entry for every route in app/ and a route for every entry", () => {
    const routes = scanRoutes(appDir);
    const { missing, stale, duplicates } = compareWithMatrix(routes, matrix);
    expect(missing, "served by app/ but missing from e2e/authz/matrix.ts: add an entry saying who may use it").toEqual(
      [],
    );
    expect(stale, "in e2e/authz/matrix.ts but not served by app/: remove or rename the entry").toEqual([]);
    expect(duplicates, "listed twice in e2e/authz/matrix.ts").toEqual([]);
  });

  it("has no server actions: every mutation is a route handler the matrix sends", () => {
    // A "use server" function is a POST endpoint the route scan cannot see; keep mutations in route handlers.
    const root = path.join(import.meta.dirname, "../..");
    const files = ["app", "components", "lib"].flatMap((dir) =>
      (readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((f) => /\.(ts|tsx)$/.test(f))
        .map((f) => path.join(dir, f)),
    );
    const actions = files.filter((f) => /^\s*["']use server["']/m.test(readFileSync(path.join(root, f), "utf8")));
    expect(files.length).toBeGreaterThan(100);
    expect(actions).toEqual([]);
  });

  it("has no loading.tsx: a page's authorization decides its status before any of it streams", () => {
    // A loading skeleton sends 200 and the shell before the page runs requirePage, so its 403 or
    // redirect would arrive inside a 200. Pages render whole; their own Suspense comes after requirePage.
    const loading = (readdirSync(appDir, { recursive: true }) as string[]).filter((f) =>
      /(^|\/)loading\.(tsx|ts|jsx|js)$/.test(f),
    );
    expect(loading).toEqual([]);
  });

  it("finds pages and route handlers, including next-auth's catch-all", () => {
    const routes = scanRoutes(appDir).map((r) => `${r.kind} ${r.method} ${r.path}`);
    expect(routes).toContain("page GET /");
    expect(routes).toContain("page GET /runs/[id]");
    expect(routes).toContain("api GET /api/auth/[...nextauth]");
    expect(routes).toContain("api POST /api/auth/[...nextauth]");
  });

  it("fills every dynamic segment with a sample", () => {
    for (const entry of matrix) expect(concretePath(entry)).not.toMatch(/[[\]]/);
    expect(
      concretePath({
        method: "GET",
        path: "/api/auth/[...nextauth]",
        needs: "public",
        params: { nextauth: "callback/corp" },
      }),
    ).toBe("/api/auth/callback/corp");
    expect(concretePath({ method: "GET", path: "/a/[id]", needs: "admin", params: { id: "x/y" }, query: "q=1" })).toBe(
      "/a/x%2Fy?q=1",
    );
  });
});

describe("exportedMethods", () => {
  it("reads every way a route module exports its handlers", () => {
    expect(
      exportedMethods("export const GET = route(...)\nexport async function POST() {}\nexport function DELETE() {}"),
    ).toEqual(["GET", "POST", "DELETE"]);
    expect(exportedMethods("const handler = 1;\nexport { handler as GET, handler as POST };")).toEqual(["GET", "POST"]);
    expect(
      exportedMethods(
        "export { PATCH } from './x';\nexport const dynamic = 'force-dynamic';\nexport const GETTER = 1;",
      ),
    ).toEqual(["PATCH"]);
  });
});

describe("outcomes", () => {
  const page = { method: "GET" as const, path: "/settings", needs: "admin" as const };
  const api = { method: "GET" as const, path: "/api/runs/[id]", needs: "admin" as const };
  it("expects sign-in for anonymous, 'ask your admin' without a role, 403 below the role", () => {
    expect(expectedOutcome(page, "anonymous")).toBe("signin");
    expect(expectedOutcome(api, "anonymous")).toBe("unauthorized");
    expect(expectedOutcome(page, "norole")).toBe("no-access");
    expect(expectedOutcome(api, "norole")).toBe("forbidden");
    expect(expectedOutcome(page, "triager")).toBe("forbidden");
    expect(expectedOutcome(page, "outsider")).toBe("forbidden");
    expect(expectedOutcome(page, "admin")).toBe("allowed");
    expect(expectedOutcome({ ...page, needs: "signed-in" }, "norole")).toBe("allowed");
    expect(expectedOutcome({ ...page, needs: "public" }, "anonymous")).toBe("allowed");
  });
  it("reads an answer", () => {
    expect(observedOutcome(307, "/signin?callbackUrl=%2F")).toBe("signin");
    expect(observedOutcome(307, "http://127.0.0.1:1/no-access")).toBe("no-access");
    expect(observedOutcome(404, undefined)).toBe("allowed");
    expect(observedOutcome(307, "/")).toBe("allowed");
    expect(observedOutcome(403, undefined)).toBe("forbidden");
    expect(observedOutcome(500, undefined)).toBe("error");
    expect(
      observedOutcome(303, "http://127.0.0.1:1/signin?reason=signed-out", {
        successRedirect: "/signin?reason=signed-out",
      }),
    ).toBe("allowed");
    expect(
      observedOutcome(303, "http://127.0.0.1:1/signin?callbackUrl=%2F", {
        successRedirect: "/signin?reason=signed-out",
      }),
    ).toBe("signin");
  });
});
