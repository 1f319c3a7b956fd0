import { test as setup } from "@playwright/test";
import { e2e } from "../env";
import { firstLocalSignIn } from "../pages/auth";

// The local admin signs in with the one-time password from the server's first-start banner and
// chooses a password, as a new user of `npm start` does; the specs reuse this session.
setup("the local admin signs in for the first time", async ({ page }) => {
  await firstLocalSignIn(page, e2e.oneTimePassword("embedded"));
  await page.context().storageState({ path: e2e.statePath("embedded-admin.json") });
});
