import { expect, test, type APIRequestContext } from "@playwright/test";
import { e2e } from "../env";
import { payloads } from "../hostile/payloads";
import { inspect } from "../hostile/run";

// The local sign-in under attack, on the server whose limit is low. This server trusts one proxy,
// so each test speaks from addresses of its own (X-Forwarded-For) and never touches the address or
// the user name local-admin.spec.ts signs in with.

test.describe.configure({ timeout: 5 * 60_000 });

/** A context holding next-auth's CSRF cookie, and the token that goes with it. */
async function withCsrf(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string,
) {
  const api = await playwright.request.newContext({ baseURL });
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return { api, csrfToken };
}

/** Where next-auth sends the browser after a credentials attempt: its `error`, or null on success. */
async function attempt(api: APIRequestContext, form: Record<string, string>, address: string) {
  const response = await api.post("/api/auth/callback/local", {
    form: { ...form, json: "true" },
    headers: { "X-Forwarded-For": address },
    maxRedirects: 0,
  });
  return response;
}

test("simultaneous wrong passwords from one address: no more than the limit are checked", async ({
  playwright,
  baseURL,
}) => {
  const { api, csrfToken } = await withCsrf(playwright, baseURL!);
  const attempts = 50;
  const answers = await Promise.all(
    Array.from({ length: attempts }, () =>
      attempt(api, { csrfToken, username: "concurrency-probe", password: "wrong" }, "198.51.100.77"),
    ),
  );
  const errors = await Promise.all(
    answers.map(async (a) => new URL(((await a.json()) as { url: string }).url).searchParams.get("error")),
  );
  const checked = errors.filter((e) => e === "CredentialsSignin").length;
  console.log(`sign-in: ${attempts} simultaneous wrong passwords from one address, ${checked} checked`);
  // issue 16: 160 of 200 were checked against a limit of 10.
  expect(checked).toBe(e2e.localLoginAttempts);
  expect(errors.filter((e) => e === "RateLimited")).toHaveLength(attempts - checked);
  await api.dispose();
});

test("hostile user names and passwords are refused, never a 5xx", async ({ playwright, baseURL }) => {
  const { api, csrfToken } = await withCsrf(playwright, baseURL!);
  const origin = new URL(baseURL!).origin;
  const strings = payloads
    .filter((p) => !p.urlOnly)
    .map((p) => (typeof p.value === "string" ? p.value : JSON.stringify(p.value)));
  const cases = [
    ...strings.map((username) => ({ username, password: "not the password" })),
    ...strings.map((password) => ({ username: "hostile-probe", password })),
  ];
  const problems: string[] = [];
  // A few at a time: each is a real scrypt verification. Each from its own address, so each is verified.
  for (let i = 0; i < cases.length; i += 4) {
    await Promise.all(
      cases.slice(i, i + 4).map(async (form, j) => {
        const n = i + j;
        const response = await attempt(api, { csrfToken, ...form }, `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`);
        const text = (await response.body()).toString("utf8");
        const label = `${JSON.stringify(form).slice(0, 80)} → ${response.status()}`;
        const probe = { where: "body", kind: "credentials", markers: [] } as never;
        for (const problem of inspect(probe, response, text, new Set([origin]))) problems.push(`${label}: ${problem}`);
        if (response.status() === 413) return; // The 100 KB payload: too large to be a form.
        const url = (JSON.parse(text) as { url?: string }).url;
        if (!url || new URL(url).searchParams.get("error") !== "CredentialsSignin") problems.push(`${label}: ${text}`);
      }),
    );
  }
  console.log(`sign-in: ${cases.length} hostile user names and passwords, ${problems.length} problems`);
  expect(problems).toEqual([]);
  expect((await api.get("/api/health")).status()).toBe(200);
  await api.dispose();
});
