import type { OidcPreset, OidcProviderEnv } from "@/lib/env";

type Preset = {
  label: string;
  /** Scopes beyond "openid email profile". */
  scopes: string[];
  groupsClaim: string | null;
  /** Whether an e-mail without email_verified=true is accepted (the tenant owns the addresses). */
  trustUnverifiedEmail: boolean;
  /** The claim naming the user's hosted domain, checked against ALLOWED_DOMAINS when present. */
  domainClaim: string | null;
};

/** What each identity provider needs; docs/sso.md explains the provider-side set-up for each. */
export const presets: Record<OidcPreset, Preset> = {
  generic: { label: "Single sign-on", scopes: [], groupsClaim: null, trustUnverifiedEmail: false, domainClaim: null },
  // Okta's org authorization server adds the groups claim only when the "groups" scope is asked for.
  okta: { label: "Okta", scopes: ["groups"], groupsClaim: "groups", trustUnverifiedEmail: false, domainClaim: null },
  // Entra sends no email_verified; addresses are the tenant's own. Groups arrive as object ids.
  entra: {
    label: "Microsoft Entra ID",
    scopes: [],
    groupsClaim: "groups",
    trustUnverifiedEmail: true,
    domainClaim: null,
  },
  // Google sends no groups at all: roles come from ADMIN_EMAILS and manual assignment. hd = Workspace domain.
  google: { label: "Google Workspace", scopes: [], groupsClaim: null, trustUnverifiedEmail: false, domainClaim: "hd" },
  // Keycloak's "Group Membership" mapper, added to the client's ID token, emits "groups".
  keycloak: { label: "Keycloak", scopes: [], groupsClaim: "groups", trustUnverifiedEmail: false, domainClaim: null },
};

export type OidcProviderConfig = {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  groupsClaim: string;
  trustUnverifiedEmail: boolean;
  domainClaim: string | null;
  allowedDomains: string[] | null;
};

/** Resolves one provider's environment against its preset and the global groups claim. */
export function resolveProvider(p: OidcProviderEnv, defaultGroupsClaim: string): OidcProviderConfig {
  const preset = presets[p.PRESET];
  const scopes = ["openid", "email", "profile", ...preset.scopes, ...(p.SCOPES?.split(/\s+/).filter(Boolean) ?? [])];
  return {
    id: p.id,
    label: p.NAME ?? preset.label,
    issuer: p.ISSUER.replace(/\/+$/, ""),
    clientId: p.CLIENT_ID,
    clientSecret: p.CLIENT_SECRET,
    scope: [...new Set(scopes)].join(" "),
    groupsClaim: p.GROUPS_CLAIM ?? preset.groupsClaim ?? defaultGroupsClaim,
    trustUnverifiedEmail: preset.trustUnverifiedEmail,
    domainClaim: preset.domainClaim,
    allowedDomains: p.ALLOWED_DOMAINS?.map((d) => d.toLowerCase()) ?? null,
  };
}

export type ClaimVerdict =
  { ok: true; email: string; name: string | null; emailVerified: boolean } | { ok: false; reason: string };

/** Whether an ID token's claims identify someone this provider may sign in, and as which e-mail. */
export function checkClaims(provider: OidcProviderConfig, claims: Record<string, unknown>): ClaimVerdict {
  const raw =
    typeof claims.email === "string"
      ? claims.email
      : provider.trustUnverifiedEmail &&
          typeof claims.preferred_username === "string" &&
          claims.preferred_username.includes("@")
        ? claims.preferred_username
        : null;
  if (!raw) return { ok: false, reason: "no e-mail claim" };
  const email = raw.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) return { ok: false, reason: "malformed e-mail claim" };
  if (!provider.trustUnverifiedEmail && claims.email_verified !== true && claims.email_verified !== "true") {
    return { ok: false, reason: "e-mail not verified by the provider" };
  }
  if (provider.allowedDomains) {
    const domain =
      provider.domainClaim && typeof claims[provider.domainClaim] === "string"
        ? String(claims[provider.domainClaim]).toLowerCase()
        : email.split("@")[1]!;
    if (!provider.allowedDomains.includes(domain) || !provider.allowedDomains.includes(email.split("@")[1]!)) {
      return { ok: false, reason: `domain ${domain} is not allowed` };
    }
  }
  const name =
    typeof claims.name === "string"
      ? claims.name
      : typeof claims.preferred_username === "string"
        ? claims.preferred_username
        : null;
  return { ok: true, email, name, emailVerified: claims.email_verified === true || claims.email_verified === "true" };
}
