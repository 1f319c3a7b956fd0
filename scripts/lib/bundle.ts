import { build } from "esbuild";

/**
 * Bundles a server entry point into one ESM file for plain `node --conditions=react-server`, packages left
 * in node_modules. Long-running processes run such a bundle because tsx's loader costs a worker RSS and CPU
 * per call (bench/README.md); the source map beside it serves `node --enable-source-maps`.
 */
export async function bundleServerEntry(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    conditions: ["react-server"],
    sourcemap: "linked",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
}

/** The production web server (scripts/serve.ts) as `npm start` and the e2e run start it: `node SERVER_BUNDLE`. */
export const SERVER_BUNDLE = ".build/serve.mjs";

export function bundleServer(): Promise<void> {
  return bundleServerEntry("scripts/serve.ts", SERVER_BUNDLE);
}
