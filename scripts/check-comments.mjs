// Lists every comment block over three lines in the given files (default: the tracked sources); part of
// `npm run lint`. History and measurements go to bench/README.md, not into comments.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { commentBlocks, MAX_COMMENT_LINES } from "./lib/comments.mjs";

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : execFileSync("git", ["ls-files", "*.ts", "*.tsx", "*.js", "*.mjs", "*.mts"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);

let long = 0;
for (const file of files) {
  for (const { line, lines } of commentBlocks(readFileSync(file, "utf8"))) {
    if (lines > MAX_COMMENT_LINES) {
      long++;
      console.log(`${file}:${line}: comment of ${lines} lines (at most ${MAX_COMMENT_LINES})`);
    }
  }
}
if (long) {
  console.log(
    `${long} comment block(s) over ${MAX_COMMENT_LINES} lines: say why in fewer words; history goes to bench/README.md.`,
  );
  process.exit(1);
}
