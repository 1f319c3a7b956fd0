import { build } from "esbuild";

/**
 * Bundles a server entry point (TypeScript with `@/` paths) into one ESM file that plain
 * `node --conditions=react-server` runs; packages stay in node_modules. Long-running processes
 * (`npm run worker`, the bench's workers) run such a bundle rather than going through tsx, whose
 * loader thread, transformed sources and source-mapped stack traces cost a worker about 90 MB of
 * RSS and a share of its CPU per API call (bench/README.md). The source map is written beside the
 * bundle; `node --enable-source-maps` uses it.
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
