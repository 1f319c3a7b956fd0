import type { Page } from "@playwright/test";

/** The Findings page: facets, the view switch, grouped rows and their lazy resources, exports. */
export class FindingsPage {
  constructor(readonly page: Page) {}

  facet(title: string) {
    return this.page.getByRole("group", { name: title });
  }

  facetValue(title: string, label: string) {
    return this.facet(title).getByRole("checkbox", { name: new RegExp(`^${label}\\b`) });
  }

  total() {
    return this.page.getByTestId("findings-total");
  }

  groups() {
    return this.page.getByRole("table", { name: "Findings grouped by check" });
  }

  expand(label: string) {
    return this.page.getByRole("button", { name: `Show the findings of ${label}` });
  }

  view(name: "By check" | "By account" | "All findings") {
    return this.page.getByRole("tab", { name });
  }

  exportLink(format: "CSV" | "JSON" | "OCSF") {
    return this.page.getByRole("link", { name: format, exact: true });
  }
}
