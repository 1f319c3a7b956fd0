import path from "node:path";

/**
 * What scripts/e2e.ts started for this run (servers, identity providers, one-time passwords),
 * passed down in E2E_* variables. Run the suite with `npm run test:e2e`, not `playwright test`.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the end-to-end tests with \`npm run test:e2e\`, which starts the servers.`,
    );
  return value;
}

const base = (variable: string, fallback: number) => `http://127.0.0.1:${Number(process.env[variable] ?? fallback)}`;

/**
 * Debian's Chromium; Playwright never downloads a browser here. Every host name resolves to nothing,
 * so a page that reaches off loopback fails at once instead of waiting on a network that is not there.
 */
export const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
};

export const servers = {
  postgres: base("E2E_PG_PORT", 3101),
  embedded: base("E2E_EMBEDDED_PORT", 3102),
  demo: base("E2E_DEMO_PORT", 3103),
  local: base("E2E_LOCAL_PORT", 3104),
};

export const e2e = {
  get databaseUrl() {
    return required("E2E_DATABASE_URL");
  },
  /** The Postgres server's AUTH_SECRET: lets a test read the session id inside its cookie. */
  get authSecret() {
    return required("E2E_AUTH_SECRET");
  },
  /** Storage states of signed-in personas and the seed description, shared by the projects. */
  statePath(name: string) {
    return path.join(process.env.E2E_STATE_DIR ?? ".test-results/e2e-state", name);
  },
  oneTimePassword(server: "embedded" | "demo" | "local") {
    return required(`E2E_${server.toUpperCase()}_PASSWORD`);
  },
  get localLoginAttempts() {
    return Number(required("E2E_LOCAL_LOGIN_ATTEMPTS"));
  },
  get idleMinutes() {
    return Number(required("E2E_IDLE_MINUTES"));
  },
  /** Each test identity provider's issuer URL, by provider id. */
  idpIssuer(provider: string): string {
    const issuers = Object.fromEntries(
      required("E2E_IDP_ISSUERS")
        .split(",")
        .map((pair) => pair.split("=", 2) as [string, string]),
    );
    const issuer = issuers[provider];
    if (!issuer) throw new Error(`no test identity provider "${provider}"`);
    return issuer;
  },
};
