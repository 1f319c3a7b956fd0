import { describe, expect, it } from "vitest";
import { classifyEnvironment } from "./environment";

const acct = (name: string, tags: Record<string, string> = {}, ouPath?: string) => ({ name, tags, ouPath });

describe("classifyEnvironment", () => {
  it("prefers the environment tag (any case of the key)", () => {
    expect(classifyEnvironment(acct("payments-dev", { environment: "Production" }), "Environment")).toBe("prod");
    expect(classifyEnvironment(acct("x", { Env: "stage" }), "Env")).toBe("staging");
  });
  it("falls back to the nearest OU that names an environment", () => {
    expect(classifyEnvironment(acct("payments", {}, "Root/Workloads/Prod/Payments"), "Environment")).toBe("prod");
    expect(classifyEnvironment(acct("payments", {}, "Root/Sandbox"), "Environment")).toBe("dev");
  });
  it("then to the account name", () => {
    expect(classifyEnvironment(acct("acme-production"), "Environment")).toBe("prod");
    expect(classifyEnvironment(acct("acme-staging"), "Environment")).toBe("staging");
    expect(classifyEnvironment(acct("acme-sandbox-7"), "Environment")).toBe("dev");
  });
  it("does not match words that merely contain a pattern", () => {
    expect(classifyEnvironment(acct("product-analytics"), "Environment")).toBe("other");
    expect(classifyEnvironment(acct("devops-tools", {}, "Root/Infrastructure"), "Environment")).toBe("other");
  });
  it("ignores a tag that names no environment", () => {
    expect(classifyEnvironment(acct("shared-dev", { Environment: "shared" }), "Environment")).toBe("dev");
    expect(classifyEnvironment(acct("log-archive"), "Environment")).toBe("other");
  });
});
