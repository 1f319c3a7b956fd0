import { describe, expect, it } from "vitest";
import { oidcPresets, type OidcPreset, type OidcProviderEnv } from "@/lib/env";
import { checkClaims, presets, resolveProvider, type OidcProviderConfig } from "./providers";

function providerEnv(preset: OidcPreset, extra: Partial<OidcProviderEnv> = {}): OidcProviderEnv {
  return {
    id: preset,
    PRESET: preset,
    ISSUER: "https://idp.example.com/tenant/",
    CLIENT_ID: "posture",
    CLIENT_SECRET: "s3cret",
    ...extra,
  };
}

function provider(preset: OidcPreset, extra: Partial<OidcProviderEnv> = {}): OidcProviderConfig {
  return resolveProvider(providerEnv(preset, extra), "groups");
}

const verified = { sub: "u-1", email: "Alice@Example.com", email_verified: true, name: "Alice Example" };

describe("presets", () => {
  it("covers every preset the environment accepts", () => {
    expect(Object.keys(presets).sort()).toEqual([...oidcPresets].sort());
  });

  it("resolves each preset's label, scopes and groups claim", () => {
    const resolved = Object.fromEntries(
      oidcPresets.map((p) => {
        const c = provider(p);
        return [
          p,
          {
            label: c.label,
            scope: c.scope,
            groupsClaim: c.groupsClaim,
            trustUnverifiedEmail: c.trustUnverifiedEmail,
            domainClaim: c.domainClaim,
          },
        ];
      }),
    );
    expect(resolved).toEqual({
      generic: {
        label: "Single sign-on",
        scope: "openid email profile",
        groupsClaim: "groups",
        trustUnverifiedEmail: false,
        domainClaim: null,
      },
      // Okta's org authorization server sends groups only when asked for the "groups" scope.
      okta: {
        label: "Okta",
        scope: "openid email profile groups",
        groupsClaim: "groups",
        trustUnverifiedEmail: false,
        domainClaim: null,
      },
      entra: {
        label: "Microsoft Entra ID",
        scope: "openid email profile",
        groupsClaim: "groups",
        trustUnverifiedEmail: true,
        domainClaim: null,
      },
      google: {
        label: "Google Workspace",
        scope: "openid email profile",
        groupsClaim: "groups",
        trustUnverifiedEmail: false,
        domainClaim: "hd",
      },
      keycloak: {
        label: "Keycloak",
        scope: "openid email profile",
        groupsClaim: "groups",
        trustUnverifiedEmail: false,
        domainClaim: null,
      },
    });
  });

  it("falls back to the global groups claim only where the preset names none", () => {
    expect(resolveProvider(providerEnv("generic"), "roles").groupsClaim).toBe("roles");
    expect(resolveProvider(providerEnv("google"), "roles").groupsClaim).toBe("roles");
    expect(resolveProvider(providerEnv("okta"), "roles").groupsClaim).toBe("groups");
    expect(resolveProvider(providerEnv("okta", { GROUPS_CLAIM: "posture_groups" }), "roles").groupsClaim).toBe(
      "posture_groups",
    );
  });

  it("applies the provider's own name, extra scopes (once each) and issuer without trailing slashes", () => {
    const c = provider("okta", {
      NAME: "Acme SSO",
      SCOPES: "  offline_access groups  email ",
      ISSUER: "https://acme.okta.com//",
    });
    expect(c.label).toBe("Acme SSO");
    expect(c.scope).toBe("openid email profile groups offline_access");
    expect(c.issuer).toBe("https://acme.okta.com");
    expect(c).toMatchObject({ id: "okta", clientId: "posture", clientSecret: "s3cret", allowedDomains: null });
  });

  it("lower-cases the allowed domains", () => {
    expect(provider("google", { ALLOWED_DOMAINS: ["Example.COM", "example.org"] }).allowedDomains).toEqual([
      "example.com",
      "example.org",
    ]);
  });
});

describe("checkClaims", () => {
  it("accepts a verified e-mail, lower-cased and trimmed, with the name", () => {
    expect(checkClaims(provider("okta"), { ...verified, email: "  Alice@Example.com " })).toEqual({
      ok: true,
      email: "alice@example.com",
      name: "Alice Example",
      emailVerified: true,
    });
  });

  it('accepts email_verified sent as the string "true"', () => {
    expect(checkClaims(provider("keycloak"), { ...verified, email_verified: "true" })).toMatchObject({ ok: true });
  });

  it("refuses an unverified e-mail for every preset but Entra", () => {
    for (const preset of oidcPresets) {
      for (const email_verified of [false, "false", undefined, 1]) {
        const verdict = checkClaims(provider(preset), { ...verified, email_verified });
        if (preset === "entra")
          expect(verdict, `${preset} ${String(email_verified)}`).toMatchObject({
            ok: true,
            email: "alice@example.com",
          });
        else
          expect(verdict, `${preset} ${String(email_verified)}`).toEqual({
            ok: false,
            reason: "e-mail not verified by the provider",
          });
      }
    }
  });

  it("falls back to preferred_username only for presets that trust the tenant's addresses (Entra)", () => {
    const claims = { sub: "u-1", preferred_username: "Bob@Contoso.com" };
    expect(checkClaims(provider("entra"), claims)).toEqual({
      ok: true,
      email: "bob@contoso.com",
      name: "Bob@Contoso.com",
      emailVerified: false,
    });
    for (const preset of oidcPresets.filter((p) => p !== "entra")) {
      expect(checkClaims(provider(preset), { ...claims, email_verified: true }), preset).toEqual({
        ok: false,
        reason: "no e-mail claim",
      });
    }
  });

  it("prefers the email claim over preferred_username, and ignores a preferred_username that is not an address", () => {
    expect(
      checkClaims(provider("entra"), { sub: "u", email: "real@contoso.com", preferred_username: "other@contoso.com" }),
    ).toMatchObject({ email: "real@contoso.com" });
    expect(checkClaims(provider("entra"), { sub: "u", preferred_username: "bob" })).toEqual({
      ok: false,
      reason: "no e-mail claim",
    });
  });

  it("refuses a missing or non-string e-mail claim", () => {
    expect(checkClaims(provider("okta"), { sub: "u", email_verified: true })).toEqual({
      ok: false,
      reason: "no e-mail claim",
    });
    expect(checkClaims(provider("okta"), { sub: "u", email: ["a@example.com"], email_verified: true })).toEqual({
      ok: false,
      reason: "no e-mail claim",
    });
  });

  it("refuses malformed e-mail claims", () => {
    for (const email of [
      "alice",
      "alice@",
      "@example.com",
      "alice@b@example.com",
      "alice smith@example.com",
      "alice@exa mple.com",
    ]) {
      expect(checkClaims(provider("okta"), { ...verified, email }), email).toEqual({
        ok: false,
        reason: "malformed e-mail claim",
      });
    }
  });

  it("uses preferred_username as the name when there is no name claim, or none", () => {
    expect(
      checkClaims(provider("okta"), {
        sub: "u",
        email: "a@example.com",
        email_verified: true,
        preferred_username: "alice",
      }),
    ).toMatchObject({ name: "alice" });
    expect(checkClaims(provider("okta"), { sub: "u", email: "a@example.com", email_verified: true })).toMatchObject({
      name: null,
    });
  });

  describe("allowed domains", () => {
    it("admits only e-mail domains on the list, case-insensitively", () => {
      const okta = provider("okta", { ALLOWED_DOMAINS: ["Example.com"] });
      expect(checkClaims(okta, verified)).toMatchObject({ ok: true, email: "alice@example.com" });
      expect(checkClaims(okta, { ...verified, email: "mallory@evil.com" })).toEqual({
        ok: false,
        reason: "domain evil.com is not allowed",
      });
      // A subdomain or a look-alike suffix is a different domain.
      expect(checkClaims(okta, { ...verified, email: "m@sub.example.com" })).toMatchObject({ ok: false });
      expect(checkClaims(okta, { ...verified, email: "m@evilexample.com" })).toMatchObject({ ok: false });
    });

    it("lets anyone with a verified address in when no list is set", () => {
      expect(checkClaims(provider("okta"), { ...verified, email: "someone@anywhere.net" })).toMatchObject({ ok: true });
    });

    it("checks Google's hd claim (the Workspace) as well as the address's domain", () => {
      const google = provider("google", { ALLOWED_DOMAINS: ["example.com"] });
      expect(checkClaims(google, { ...verified, hd: "example.com" })).toMatchObject({
        ok: true,
        email: "alice@example.com",
      });
      // Another Workspace, even with an address on an allowed domain.
      expect(checkClaims(google, { ...verified, hd: "evil.com" })).toEqual({
        ok: false,
        reason: "domain evil.com is not allowed",
      });
      // The right Workspace but an address elsewhere (a consumer or external account).
      expect(
        checkClaims(google, { ...verified, email: "alice@gmail.com", email_verified: true, hd: "example.com" }),
      ).toMatchObject({ ok: false });
      // No hd: a consumer Google account; judged by its address alone.
      expect(checkClaims(google, { ...verified, email: "alice@gmail.com" })).toEqual({
        ok: false,
        reason: "domain gmail.com is not allowed",
      });
      expect(checkClaims(google, verified)).toMatchObject({ ok: true });
    });

    it("ignores an hd claim for presets that do not define one", () => {
      const okta = provider("okta", { ALLOWED_DOMAINS: ["example.com"] });
      expect(checkClaims(okta, { ...verified, hd: "evil.com" })).toMatchObject({ ok: true });
    });
  });
});
