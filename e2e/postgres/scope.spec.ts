import { expect, test } from "@playwright/test";
import { fetchRsc } from "../fixtures/rsc";
import { loadSeed, type Seed, type SeededGroup } from "../fixtures/seed";
import { personaContext } from "../pages/auth";
import { Shell } from "../pages/shell";

// Team scopes: the viewer (an account and an environment) and the outsider (an OU and all below it) read
// every page. Both the HTML and a client-side navigation's payload carry RSC data, chart data included, so
// neither may hold another team's accounts, findings, GuardDuty titles, canaries, costs or errors.

const READ_PAGES = ["/", "/accounts", "/findings", "/checks", "/guardduty", "/costs", "/trends", "/canaries"];

const cases: {
  persona: "viewer" | "outsider";
  own: (seed: Seed) => SeededGroup;
  foreign: (seed: Seed) => SeededGroup[];
}[] = [
  { persona: "viewer", own: (seed) => seed.teams.payments, foreign: (seed) => [seed.teams.data, seed.unassigned] },
  { persona: "outsider", own: (seed) => seed.teams.data, foreign: (seed) => [seed.teams.payments, seed.unassigned] },
];

for (const { persona, own, foreign } of cases) {
  test.describe(`${persona} (${persona === "viewer" ? "team-payments" : "team-data"})`, () => {
    test("never receives another team's data on any page", async ({ browser }) => {
      const seed = loadSeed();
      const secrets = foreign(seed).flatMap((g) => g.secrets);
      const context = await personaContext(browser, persona);
      const leaks: string[] = [];
      for (const path of READ_PAGES) {
        const html = await context.request.get(path, { maxRedirects: 0 });
        for (const [how, response] of [
          ["HTML", html],
          ["RSC", await fetchRsc(context.request, path)],
        ] as const) {
          expect(response.status(), `${how} ${path}`).toBe(200);
          const body = await response.text();
          for (const secret of secrets)
            if (body.includes(secret)) leaks.push(`${how} ${path}: ${JSON.stringify(secret)}`);
        }
      }
      expect(leaks, "another team's data in the response").toEqual([]);
      // An account page outside the scope answers 404, like an account that does not exist.
      for (const account of foreign(seed).flatMap((g) => g.accounts))
        expect((await context.request.get(`/accounts/${account.id}`)).status(), account.name).toBe(404);
      for (const account of own(seed).accounts) {
        const page = await context.request.get(`/accounts/${account.id}`);
        expect(page.status(), account.name).toBe(200);
        expect(await page.text()).toContain(account.name);
      }

      // And the pages do show the team's own accounts: the check above is not passing on empty pages.
      const page = await context.newPage();
      const shell = new Shell(page);
      await shell.open("/accounts", "Accounts");
      const table = page.getByRole("table", { name: "AWS accounts" });
      await expect(table.getByRole("row")).toHaveCount(own(seed).accounts.length + 1);
      for (const account of own(seed).accounts) await expect(table).toContainText(account.name);
      await shell.open("/guardduty", "GuardDuty");
      for (const title of own(seed).guardduty)
        await expect(page.getByRole("table", { name: "GuardDuty findings" })).toContainText(title);
      await shell.open("/canaries", "Canaries");
      for (const label of own(seed).canaries)
        await expect(page.getByRole("table", { name: "Canary keys" })).toContainText(label);
      shell.expectNoErrors();
      await context.close();
    });

    test("sees overview numbers of its own accounts only", async ({ browser }) => {
      const seed = loadSeed();
      const counts = own(seed).counts;
      const context = await personaContext(browser, persona);
      const page = await context.newPage();
      const shell = new Shell(page);
      await shell.open("/", "Overview");
      const stat = (label: string) =>
        page
          .locator("main dl > div", { has: page.locator("dt", { hasText: label }) })
          .locator("dd")
          .first();
      await expect(stat("Accounts")).toHaveText(String(counts.accounts));
      await expect(stat("Open findings")).toHaveText(String(counts.openFindings));
      const guardduty = async () =>
        Number(await stat("GuardDuty critical").textContent()) + Number(await stat("GuardDuty high").textContent());
      await expect.poll(guardduty).toBe(counts.guarddutyHigh);
      await expect(stat("Canaries tripped (7 d)")).toHaveText(String(counts.canariesTripped));
      // The last collection as far as these accounts go: their units, not the organization's.
      const { total, failed } = own(seed).runUnits;
      const lastRun = page.getByTestId("collection-health");
      await expect(lastRun).toContainText(`${total}/${total} units`);
      await expect(lastRun).toContainText(`Failed units: ${failed}`);
      await shell.open("/findings?view=list", "Findings");
      await expect(page.getByRole("table", { name: "Findings", exact: true }).getByRole("row")).toHaveCount(
        counts.openFindings + 1,
      );
      await expect(page.getByTestId("findings-total")).toContainText(`${counts.openFindings} finding`);
      shell.expectNoErrors();
      await context.close();
    });
  });
}
