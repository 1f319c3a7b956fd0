// House style: a comment says why in at most three lines; history and measurements go to
// bench/README.md. Lists every longer comment block in the given files (default: the tracked sources).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX_LINES = 3;
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : execFileSync("git", ["ls-files", "*.ts", "*.tsx", "*.js", "*.mjs"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);

/** Comment blocks of a source: runs of `//` lines, and `/* … *\/` blocks, as [first line, line count]. */
export function commentBlocks(source) {
  const lines = source.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith("//")) {
      let j = i;
      while (j + 1 < lines.length && lines[j + 1].trim().startsWith("//")) j++;
      blocks.push([i + 1, j - i + 1]);
      i = j;
    } else if (line.startsWith("/*") && !line.includes("*/")) {
      let j = i;
      while (j + 1 < lines.length && !lines[j].includes("*/")) j++;
      // The opening and closing lines of a JSDoc block carry no text of their own.
      const text = lines.slice(i, j + 1).filter((l) => !/^\s*(\/\*\*?|\*\/)\s*$/.test(l));
      blocks.push([i + 1, text.length]);
      i = j;
    }
  }
  return blocks;
}

let long = 0;
for (const file of files) {
  for (const [line, count] of commentBlocks(readFileSync(file, "utf8"))) {
    if (count > MAX_LINES) {
      long++;
      console.log(`${file}:${line}: comment of ${count} lines (at most ${MAX_LINES})`);
    }
  }
}
if (long) {
  console.log(
    `${long} comment block(s) over ${MAX_LINES} lines: say why in fewer words; history goes to bench/README.md.`,
  );
  process.exit(1);
}
