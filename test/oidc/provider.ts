import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Account, type Configuration, type KoaContextWithOIDC } from "oidc-provider";

/** Someone who can sign in at the test identity provider. The login form takes `sub` as the login, any password. */
export type OidcUser = {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
};

export type OidcClient = { clientId: string; clientSecret: string; redirectUris: string[] };

export type StartOidcProviderOptions = {
  /** Listens on 127.0.0.1; a free port when omitted. */
  port?: number;
  clients: OidcClient[];
  users: readonly OidcUser[];
  /**
   * Where the groups claim comes from: a "groups" scope the client must ask for (Okta-style), or
   * the profile scope (Keycloak's "Group Membership" mapper adds it to the ID token unasked).
   */
  groupsScope?: "groups" | "profile";
  /** Cookie name prefix; two issuers on one host must not overwrite each other's cookies. */
  cookiePrefix?: string;
};

export type RunningOidcProvider = { issuer: string; close: () => Promise<void> };

/** An HTML page without its CSS `@import`s of fonts from off the machine. */
export function withoutExternalFonts(html: string): string {
  return html.replace(/@import url\(https?:\/\/fonts\.googleapis\.com\/[^)]*\);?/g, "");
}

/**
 * A real OpenID Provider (node-oidc-provider) on loopback for the end-to-end tests: discovery,
 * authorization code with PKCE, signed ID tokens, its built-in login form. Consent is granted
 * automatically, as a company IdP does for its first-party apps.
 */
export async function startOidcProvider(options: StartOidcProviderOptions): Promise<RunningOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const users = new Map(options.users.map((u) => [u.sub, u]));
  const groupsScope = options.groupsScope ?? "groups";
  const prefix = options.cookiePrefix ?? `op${port}`;

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: `test-${port}`, use: "sig", alg: "RS256" };

  const claims: Configuration["claims"] =
    groupsScope === "groups"
      ? { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] }
      : { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] };

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [jwk as never] },
    claims,
    // The dashboard reads the user's claims from the ID token (next-auth `idToken: true`).
    conformIdTokenClaims: false,
    pkce: { required: () => true, methods: ["S256"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: false } },
    cookies: {
      keys: [randomBytes(32).toString("hex")],
      names: {
        session: `${prefix}_session`,
        interaction: `${prefix}_interaction`,
        resume: `${prefix}_interaction_resume`,
      },
      // Plain http on loopback: SameSite=None would need Secure, which Chromium enforces.
      long: { httpOnly: true, sameSite: "lax" },
      short: { httpOnly: true, sameSite: "lax" },
    },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: user.email, email_verified: user.email_verified, name: user.name, groups: user.groups };
        },
      };
    },
    // First-party client: grant what it asks for without a consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      const grant = grantId
        ? await ctx.oidc.provider.Grant.find(grantId)
        : new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      if (!grant) return undefined;
      grant.addOIDCScope(String(ctx.oidc.params!.scope ?? "openid"));
      await grant.save();
      return grant;
    },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
  };

  const provider = new Provider(issuer, configuration);
  // The login form's "wrong login" must not crash the test IdP; errors surface as its error page.
  provider.on("server_error", (_ctx, err) => console.error("[test oidc provider]", err));
  // Its built-in pages import a web font from fonts.googleapis.com. Tests send nothing off loopback,
  // and where the outside is unreachable Chromium can sit on that import and never fire the page's
  // load event; the pages are served without it (the system sans-serif stands in).
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body !== "string") return;
    const body = withoutExternalFonts(ctx.body);
    if (body !== ctx.body) ctx.body = body;
  });
  server.on("request", provider.callback());

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
