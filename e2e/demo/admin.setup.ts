import { test as setup } from "@playwright/test";
import { e2e } from "../env";
import { firstLocalSignIn } from "../pages/auth";

// As on the embedded server: the local admin's first sign-in, reused by the demo spec.
setup("the local admin signs in for the first time", async ({ page }) => {
  await firstLocalSignIn(page, e2e.oneTimePassword("demo"));
  await page.context().storageState({ path: e2e.statePath("demo-admin.json") });
});
