// `tsx scripts/bundle.ts <entry.ts> <out.mjs>`: see scripts/lib/bundle.ts. `npm run worker` bundles
// scripts/worker.ts this way before it starts the worker with plain node.
import { bundleServerEntry } from "./lib/bundle";

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error("usage: tsx scripts/bundle.ts <entry.ts> <out.mjs>");
  process.exit(2);
}
await bundleServerEntry(entry, outfile);
