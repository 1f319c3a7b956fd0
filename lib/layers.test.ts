import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layering rules of eslint.config.mjs, run on sources that break them: each must still fail.

let eslint: ESLint;
// Loading the configuration (Next's plugins) takes seconds on a busy machine.
beforeAll(async () => {
  eslint = new ESLint({ cwd: process.cwd() });
  await eslint.calculateConfigForFile("lib/domain/x.ts");
}, 60_000);

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => code.split("\n")[m.line - 1]!.split(" from ")[1]!.slice(1, -2));
}

const imports = (...sources: string[]) =>
  sources.map((s, i) => `import { v${i} } from "${s}";`).join("\n") +
  `\nexport const all = [${sources.map((_, i) => `v${i}`).join(", ")}];\n`;

describe("layering lint", { timeout: 30_000 }, () => {
  it("keeps lib/domain free of every other layer", async () => {
    expect(await restricted("lib/domain/x.ts", imports("@/lib/db/types", "../log", "@/lib/domain/vocabulary"))).toEqual(
      ["@/lib/db/types", "../log"],
    );
  });

  it("keeps lib/aws away from the database, checks, collector and auth", async () => {
    const sources = ["@/lib/db/types", "@/lib/checks/registry", "../collector/run", "@/lib/auth/roles", "./errors"];
    expect(await restricted("lib/aws/x.ts", imports(...sources))).toEqual(sources.slice(0, 4));
  });

  it("keeps checks pure, reading only inventory types from lib/aws", async () => {
    const sources = ["@/lib/db/queries/settings", "@/lib/collector/evaluate", "@/lib/env", "@/lib/aws/ec2/ec2"];
    expect(await restricted("lib/checks/ec2/x.ts", imports(...sources, "@/lib/aws/inventory", "../types"))).toEqual(
      sources,
    );
    const typeOnly = 'import type { Vpc } from "@/lib/aws/ec2/types";\nexport type V = Vpc;\n';
    expect(await restricted("lib/checks/ec2/x.ts", typeOnly)).toEqual([]);
  });

  it("keeps lib/db away from checks, collector, AWS and auth", async () => {
    const sources = ["@/lib/checks/registry", "@/lib/collector/run", "@/lib/aws/factory", "../../auth/roles"];
    expect(await restricted("lib/db/queries/x.ts", imports(...sources, "../schema"))).toEqual(sources);
  });
});
