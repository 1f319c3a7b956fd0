import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, withoutExternalFonts, type RunningOidcProvider } from "@/test/oidc/provider";

// The end-to-end tests' identity provider serves its own login page; that page must load without
// anything from off the machine, or Chromium waits on a network the tests do not have.

const redirectUri = "http://127.0.0.1:9/callback";
const client = { clientId: "posture", clientSecret: "secret-of-the-test-client", redirectUris: [redirectUri] };
let idp: RunningOidcProvider;

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [client],
    users: [{ sub: "ana", email: "ana@example.com", email_verified: true, name: "Ana", groups: [] }],
  });
});
afterAll(() => idp.close());

describe("test identity provider", () => {
  it("serves its login page with nothing loaded from outside loopback", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const authorize = new URL("/auth", idp.issuer);
    authorize.search = new URLSearchParams({
      client_id: client.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      scope: "openid email",
      state: "s",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    const start = await fetch(authorize, { redirect: "manual" });
    expect(start.status).toBe(303);
    const interaction = new URL(start.headers.get("location")!, idp.issuer);
    expect(interaction.pathname).toMatch(/^\/interaction\//);

    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const page = await fetch(interaction, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="login"');
    const external = [...html.matchAll(/(?:https?:)?\/\/([^/"')\s]+)/g)]
      .map((m) => m[1] ?? "")
      .filter((host) => !host.startsWith("127.0.0.1"));
    expect(external).toEqual([]);
  });

  it("drops only the font imports from a page", () => {
    const css = "@import url(https://fonts.googleapis.com/css?family=Roboto:400,100);h1{font-weight:100}";
    expect(withoutExternalFonts(`<style>${css}</style>`)).toBe("<style>h1{font-weight:100}</style>");
    expect(withoutExternalFonts("<style>@import url(/local.css);</style>")).toBe(
      "<style>@import url(/local.css);</style>",
    );
  });
});
