import { chromium } from "@playwright/test";
import { openDatabase } from "../lib/db/open";
import { e2e, launchOptions, servers } from "./env";
import { signedInPersonas } from "./fixtures/personas";
import { saveSeed, seedPostgres } from "./fixtures/seed";
import { firstLocalSignIn, homeProvider, signIn, statePath } from "./pages/auth";

/**
 * Seeds the Postgres server and signs every persona in once, for the specs to reuse. Done here rather
 * than in setup projects so that every project can start at once: Playwright runs dependent projects
 * only after all of the previous phase has finished.
 */
export default async function globalSetup() {
  const handle = await openDatabase({ url: e2e.databaseUrl, migrate: false });
  try {
    saveSeed(await seedPostgres(handle.db));
  } finally {
    await handle.close();
  }

  const browser = await chromium.launch(launchOptions);
  try {
    const signInAs = async (persona: (typeof signedInPersonas)[number]) => {
      const context = await browser.newContext({ baseURL: servers.postgres });
      try {
        await signIn(await context.newPage(), persona, homeProvider[persona]);
        await context.storageState({ path: statePath(persona) });
      } finally {
        await context.close();
      }
    };
    const localAdmin = async () => {
      const context = await browser.newContext({ baseURL: servers.embedded });
      try {
        await firstLocalSignIn(await context.newPage(), e2e.oneTimePassword("embedded"));
        await context.storageState({ path: e2e.statePath("embedded-admin.json") });
      } finally {
        await context.close();
      }
    };
    await Promise.all([...signedInPersonas.map(signInAs), localAdmin()]);
  } finally {
    await browser.close();
  }
}
