import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

// E2E_SCREENSHOT_DIR=folder npm run test:e2e keeps a full-page PNG of every page a test opens.
const screenshotDir = process.env.E2E_SCREENSHOT_DIR;

/** The app shell: navigation, page heading, and the errors a page must not raise. */
export class Shell {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on("console", (msg) => {
      if (msg.type() === "error") this.errors.push(msg.text());
    });
    page.on("pageerror", (err) => this.errors.push(err.message));
  }

  nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }

  navLink(label: string) {
    return this.nav().getByRole("link", { name: label, exact: true });
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  async open(url: string, title: string) {
    const response = await this.page.goto(url);
    expect(response?.status(), `${url} status`).toBe(200);
    await expect(this.heading()).toHaveText(title);
    if (screenshotDir) {
      const project = test.info().project.name;
      const name = `${project}${url === "/" ? "-overview" : url.replaceAll("/", "-")}.png`;
      await this.page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });
    }
  }

  expectNoErrors() {
    expect(this.errors, "browser console errors").toEqual([]);
  }
}
