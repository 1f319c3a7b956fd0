import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { accountApi } from "./account";
import { collectionsApi } from "./collections";
import type { Contract } from "./define";
import { demoApi } from "./demo";
import { findingsApi } from "./findings-list";
import { settingsApi } from "./settings";
import { teamsApi } from "./teams";
import { usersApi } from "./users";

// The route handlers of app/api, read as source: each contract is served by the handler at its path,
// and no handler builds a JSON answer (an error body least of all) by hand.

const root = path.join(import.meta.dirname, "../..");
const apiDir = path.join(root, "app/api");
const areas = { accountApi, collectionsApi, demoApi, findingsApi, settingsApi, teamsApi, usersApi };
const contracts = Object.entries(areas).flatMap(([area, api]) =>
  Object.entries(api).map(([name, contract]: [string, Contract]) => ({ ref: `${area}.${name}`, contract })),
);

const handlers = (readdirSync(apiDir, { recursive: true }) as string[])
  .filter((f) => /(^|\/)route\.ts$/.test(f))
  .map((f) => ({ file: `app/api/${f}`, source: readFileSync(path.join(apiDir, f), "utf8") }));

// Answers that are not a route's JSON: a probe's report, next-auth's own protocol, a redirect, a CSV file.
const NOT_JSON_ROUTES = new Set([
  "app/api/health/route.ts",
  "app/api/auth/[...nextauth]/route.ts",
  "app/api/account/sign-out/route.ts",
  "app/api/audit/export/route.ts",
  "app/api/findings/export/route.ts",
  "app/api/investigate/export/route.ts",
  "app/api/compliance/export/route.ts",
]);

describe("route handlers", () => {
  it("serve each contract at its path and method, through route()", () => {
    expect(contracts.length).toBeGreaterThanOrEqual(16);
    for (const { ref, contract } of contracts) {
      const file = path.join(root, "app", contract.path, "route.ts");
      expect(existsSync(file), `${ref}: no app${contract.path}/route.ts`).toBe(true);
      const pattern = new RegExp(
        `export const ${contract.method} = route\\(\\s*\\{\\s*contract: ${ref.replace(".", "\\.")}\\b`,
      );
      expect(readFileSync(file, "utf8"), `${ref}: ${contract.method} of app${contract.path} must use it`).toMatch(
        pattern,
      );
    }
  });

  it("answer JSON only through a contract: every other route is a known exception", () => {
    expect(handlers.length).toBeGreaterThan(15);
    const withoutContract = handlers
      .filter(({ source }) => !/route\(\s*\{\s*contract:/.test(source))
      .map(({ file }) => file);
    expect(withoutContract.sort()).toEqual([...NOT_JSON_ROUTES].sort());
  });

  it("never build a JSON answer or an error body by hand", () => {
    const handBuilt = /Response\.json\(|new (Next)?Response\(\s*JSON\.stringify|\berror:\s*["'`]|status:\s*[45]\d\d/;
    const offenders = handlers
      .filter(({ file, source }) => file !== "app/api/health/route.ts" && handBuilt.test(source))
      .map(({ file }) => file);
    expect(offenders, "build error answers with problem() from lib/contracts/errors.ts").toEqual([]);
  });
});
