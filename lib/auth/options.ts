import "server-only";
import type { AuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { getDatabase } from "@/lib/db";
import { audit } from "@/lib/db/queries/audit";
import { createSession } from "@/lib/db/queries/sessions";
import { recordOidcSignIn, touchLogin, wouldLinkByEmail } from "@/lib/db/queries/users";
import { env, oidcProviderEnv } from "@/lib/env";
import { isSafeText } from "@/lib/domain/text";
import { log } from "@/lib/log";
import { attemptLocalSignIn } from "./attempts";
import { sameOriginUrl } from "./callback-url";
import { authCookies, secureCookies } from "./cookies";
import { localAdminEnabled } from "./local-admin";
import { checkClaims, resolveProvider, type OidcProviderConfig } from "./providers";
import { clientIp } from "./request";
import { groupsFromClaim, roleFromGroups } from "./roles";
import { authSecret } from "./secret";
import { sessionPolicy } from "./policy";
import { hashToken, newSessionToken } from "./tokens";

export const oidcProviders: OidcProviderConfig[] = oidcProviderEnv.map((p) =>
  resolveProvider(p, env.AUTH_GROUPS_CLAIM),
);
export const LOCAL_PROVIDER = "local";

/** Thrown from authorize(): next-auth passes the message to the sign-in page as ?error=. */
export const RATE_LIMITED = "RateLimited";

function oidcProvider(p: OidcProviderConfig): OAuthConfig<Record<string, unknown>> {
  return {
    id: p.id,
    name: p.label,
    type: "oauth",
    wellKnown: `${p.issuer}/.well-known/openid-configuration`,
    clientId: p.clientId,
    clientSecret: p.clientSecret,
    authorization: { params: { scope: p.scope } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    httpOptions: { timeout: 10_000 },
    profile(claims) {
      const verdict = checkClaims(p, claims);
      return {
        id: String(claims.sub),
        email: verdict.ok ? verdict.email : null,
        name: verdict.ok ? verdict.name : null,
      };
    },
  };
}

async function requestMeta() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: h.get("user-agent") };
}

/** Creates the server-side session for a user who just proved who they are; the cookie carries only its token. */
async function startSession(userId: string): Promise<string> {
  const { db } = await getDatabase();
  const token = newSessionToken();
  const meta = await requestMeta();
  await createSession(db, { userId, tokenHash: hashToken(token), now: new Date(), policy: sessionPolicy, ...meta });
  return token;
}

export function authOptions(): AuthOptions {
  const providers: AuthOptions["providers"] = oidcProviders.map(oidcProvider);
  if (localAdminEnabled()) {
    providers.push(
      CredentialsProvider({
        id: LOCAL_PROVIDER,
        name: "Local admin",
        credentials: {
          username: { label: "User name", type: "text" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          const { db } = await getDatabase();
          const { ip } = await requestMeta();
          const username = String(credentials?.username ?? "")
            .trim()
            .toLowerCase()
            .slice(0, 100);
          const password = String(credentials?.password ?? "").slice(0, 256);
          const result = await attemptLocalSignIn(db, { username, password, ip });
          // The user name is what was typed: kept only when it is text the audit log can hold.
          const named = { provider: LOCAL_PROVIDER, username: isSafeText(username) ? username : "(not text)" };
          if (result.outcome === "rate-limited") {
            if (result.firstRefusal)
              await audit(db, {
                action: "auth.sign_in",
                outcome: "denied",
                ip,
                details: { ...named, reason: "rate limited" },
              });
            throw new Error(RATE_LIMITED);
          }
          if (result.outcome === "wrong") {
            await audit(db, {
              action: "auth.sign_in",
              outcome: "denied",
              ip,
              details: { ...named, reason: "wrong user name or password" },
            });
            return null;
          }
          return { id: result.user.id, email: result.user.email, name: result.user.name };
        },
      }),
    );
  }

  return {
    secret: authSecret(),
    providers,
    cookies: authCookies(secureCookies),
    session: { strategy: "jwt", maxAge: sessionPolicy.absoluteMs / 1000 },
    pages: { signIn: "/signin", error: "/signin", signOut: "/signin" },
    logger: {
      error: (code, metadata) => {
        // next-auth passes an Error or { error, providerId, message }; keep the cause, never the tokens.
        const m = metadata as Error | { error?: unknown; providerId?: unknown } | undefined;
        const error = m instanceof Error ? m : m?.error instanceof Error ? m.error : undefined;
        const provider = m && !(m instanceof Error) && typeof m.providerId === "string" ? m.providerId : undefined;
        log.error("next-auth error", { code, provider, error });
      },
      warn: (code) => log.warn("next-auth warning", { code }),
      debug: () => undefined,
    },
    callbacks: {
      // Only ever somewhere on the public origin; never throws on what a request or cookie says (issue 16).
      redirect: ({ url, baseUrl }) => sameOriginUrl(url, baseUrl),

      async signIn({ account, profile, user }) {
        if (!account || account.provider === LOCAL_PROVIDER) return true;
        const provider = oidcProviders.find((p) => p.id === account.provider);
        const { db } = await getDatabase();
        const { ip } = await requestMeta();
        const verdict =
          provider && profile
            ? checkClaims(provider, profile as Record<string, unknown>)
            : { ok: false as const, reason: "unknown provider" };
        if (!verdict.ok) {
          await audit(db, {
            action: "auth.sign_in",
            outcome: "denied",
            ip,
            details: { provider: account.provider, subject: user.id, reason: verdict.reason },
          });
          return false;
        }
        if (
          !verdict.emailVerified &&
          (await wouldLinkByEmail(db, account.provider, account.providerAccountId, verdict.email))
        ) {
          await audit(db, {
            action: "auth.sign_in",
            outcome: "denied",
            ip,
            details: {
              provider: account.provider,
              subject: user.id,
              email: verdict.email,
              reason: "unverified e-mail of an existing user",
            },
          });
          return false;
        }
        return true;
      },

      async jwt({ token, user, account, profile }) {
        if (!account || !user) return token; // An existing session: the database decides whether it still holds.
        const { db } = await getDatabase();
        const { ip } = await requestMeta();
        const now = new Date();
        if (account.provider === LOCAL_PROVIDER) {
          await touchLogin(db, user.id, now);
          await audit(db, {
            actor: { id: user.id, email: user.email ?? "" },
            action: "auth.sign_in",
            outcome: "success",
            ip,
            details: { provider: LOCAL_PROVIDER },
          });
          return { sid: await startSession(user.id) };
        }
        const provider = oidcProviders.find((p) => p.id === account.provider)!;
        const claims = (profile ?? {}) as Record<string, unknown>;
        const verdict = checkClaims(provider, claims);
        if (!verdict.ok) throw new Error("claims rejected"); // signIn() refused these already.
        const groups = groupsFromClaim(claims[provider.groupsClaim]);
        const bootstrap = env.ADMIN_EMAILS.includes(verdict.email);
        const changes = await recordOidcSignIn(db, {
          provider: provider.id,
          subject: String(claims.sub),
          email: verdict.email,
          name: verdict.name,
          groups,
          mappedRole: bootstrap ? "admin" : roleFromGroups(groups, env.AUTH_ROLE_GROUPS),
          mappedSource: bootstrap ? "bootstrap" : "idp",
          now,
        });
        const actor = { id: changes.user.id, email: changes.user.email };
        if (changes.user.disabledAt) {
          await audit(db, {
            actor,
            action: "auth.sign_in",
            outcome: "denied",
            ip,
            details: { provider: provider.id, reason: "user disabled" },
          });
          throw new Error("user disabled");
        }
        await audit(db, {
          actor,
          action: "auth.sign_in",
          outcome: "success",
          ip,
          details: { provider: provider.id, groups: groups.length, created: changes.created },
        });
        if (changes.role) {
          await audit(db, {
            actor,
            action: "user.role_change",
            outcome: "success",
            target: { type: "user", id: actor.id },
            ip,
            details: { from: changes.role.from, to: changes.role.to, by: "sign-in mapping" },
          });
        }
        if (changes.teamsJoined.length || changes.teamsLeft.length) {
          await audit(db, {
            actor,
            action: "user.teams_change",
            outcome: "success",
            target: { type: "user", id: actor.id },
            ip,
            details: { joined: changes.teamsJoined, left: changes.teamsLeft, by: "sign-in mapping" },
          });
        }
        return { sid: await startSession(changes.user.id) };
      },
    },
  };
}
