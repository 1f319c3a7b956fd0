import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv, parseOidcProviders } from "@/lib/env";
import { resolveProvider } from "./providers";

// docs/sso.md's settings for each identity provider, run through the parsers the server uses.
const doc = readFileSync(path.join(import.meta.dirname, "../../docs/sso.md"), "utf8");

/** Each ```env block under its nearest "## " heading. */
function envBlocks(): Map<string, Record<string, string>> {
  const blocks = new Map<string, Record<string, string>>();
  let heading = "";
  const lines = doc.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("## ")) heading = line.slice(3).trim();
    if (line.trim() === "```env") {
      const vars: Record<string, string> = {};
      for (i++; lines[i]!.trim() !== "```"; i++) {
        const [key, ...value] = lines[i]!.split("=");
        vars[key!.trim()] = value.join("=").trim();
      }
      blocks.set(heading, vars);
    }
  }
  return blocks;
}

const blocks = envBlocks();

function configure(heading: string) {
  const vars = blocks.get(heading);
  if (!vars) throw new Error(`docs/sso.md has no env block under "${heading}"`);
  const env = parseEnv(vars);
  const providers = parseOidcProviders(vars, env.AUTH_OIDC_PROVIDERS).map((p) =>
    resolveProvider(p, env.AUTH_GROUPS_CLAIM),
  );
  return { env, providers };
}

describe("docs/sso.md provider settings", () => {
  it("documents every provider the issue names, each parsed without error", () => {
    expect([...blocks.keys()]).toEqual([
      "Okta",
      "Microsoft Entra ID",
      "Google Workspace",
      "Keycloak",
      "Several providers at once",
    ]);
    for (const heading of blocks.keys()) expect(() => configure(heading)).not.toThrow();
  });

  it("Okta asks for the groups scope and maps groups to roles", () => {
    const { env, providers } = configure("Okta");
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({
      id: "okta",
      label: "Okta",
      groupsClaim: "groups",
      trustUnverifiedEmail: false,
    });
    expect(providers[0]!.scope.split(" ")).toEqual(["openid", "email", "profile", "groups"]);
    expect(env.AUTH_ROLE_GROUPS).toEqual([
      { group: "posture-admins", role: "admin" },
      { group: "posture-triagers", role: "triager" },
      { group: "posture-viewers", role: "viewer" },
    ]);
  });

  it("Entra ID pins the tenant, trusts tenant addresses and maps group object ids", () => {
    const { env, providers } = configure("Microsoft Entra ID");
    expect(providers[0]!.issuer).toMatch(/^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0$/);
    expect(providers[0]!.issuer).not.toContain("/common/");
    expect(providers[0]!.trustUnverifiedEmail).toBe(true);
    expect(env.AUTH_ROLE_GROUPS.map((r) => r.role)).toEqual(["admin", "viewer"]);
  });

  it("Google Workspace restricts the domain and bootstraps admins by e-mail, having no groups", () => {
    const { env, providers } = configure("Google Workspace");
    expect(providers[0]).toMatchObject({
      label: "Google Workspace",
      domainClaim: "hd",
      allowedDomains: ["example.com"],
    });
    expect(env.ADMIN_EMAILS).toEqual(["security-lead@example.com"]);
    expect(env.AUTH_ROLE_GROUPS).toEqual([]);
  });

  it("Keycloak reads the group membership mapper's claim", () => {
    const { providers } = configure("Keycloak");
    expect(providers[0]).toMatchObject({
      id: "keycloak",
      groupsClaim: "groups",
      issuer: "https://sso.example.com/realms/engineering",
    });
  });

  it("enables several providers at once, each with its own label and rules", () => {
    const { providers } = configure("Several providers at once");
    expect(providers.map((p) => [p.id, p.label])).toEqual([
      ["okta", "Okta"],
      ["keycloak", "Contractors"],
    ]);
    expect(providers[1]!.allowedDomains).toEqual(["partner.example.net"]);
  });

  it("says how to federate IAM Identity Center, which offers no OIDC for custom applications", () => {
    expect(doc).toMatch(/## AWS IAM Identity Center[\s\S]*SAML 2\.0[\s\S]*Keycloak/);
  });
});
