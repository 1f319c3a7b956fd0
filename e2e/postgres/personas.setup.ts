import { test as setup } from "@playwright/test";
import { openDatabase } from "../../lib/db/open";
import { e2e } from "../env";
import { signedInPersonas } from "../fixtures/personas";
import { saveSeed, seedPostgres } from "../fixtures/seed";
import { homeProvider, signIn, statePath } from "../pages/auth";

// Runs before every Postgres spec: the organization and its teams first (members join teams at
// sign-in), then each persona signs in once through an identity provider; the specs reuse those
// sessions. Tests that end a session sign in on their own.

setup("seed the organization, its teams and their scopes", async () => {
  const handle = await openDatabase({ url: e2e.databaseUrl, migrate: false });
  try {
    saveSeed(await seedPostgres(handle.db));
  } finally {
    await handle.close();
  }
});

for (const persona of signedInPersonas) {
  setup(`${persona} signs in through ${homeProvider[persona]}`, async ({ page }) => {
    await signIn(page, persona);
    await page.context().storageState({ path: statePath(persona) });
  });
}
