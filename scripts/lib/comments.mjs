// The house style's comment rule, apart from its CLI (scripts/check-comments.mjs) so a unit test can hold
// it; comments.d.mts gives TypeScript its types.
export const MAX_COMMENT_LINES = 3;

/**
 * Comment blocks of a source: runs of `//` lines, and `/* … *\/` blocks spanning lines, each as its first
 * line (1-based) and its line count. A block's opening and closing lines count only when they carry text.
 */
export function commentBlocks(source) {
  const lines = source.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith("//")) {
      let j = i;
      while (j + 1 < lines.length && lines[j + 1].trim().startsWith("//")) j++;
      blocks.push({ line: i + 1, lines: j - i + 1 });
      i = j;
    } else if (line.startsWith("/*") && !line.includes("*/")) {
      let j = i;
      while (j + 1 < lines.length && !lines[j].includes("*/")) j++;
      const text = lines.slice(i, j + 1).filter((l) => !/^\s*(\/\*\*?|\*\/)\s*$/.test(l));
      blocks.push({ line: i + 1, lines: text.length });
      i = j;
    }
  }
  return blocks;
}
