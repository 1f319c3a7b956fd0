import { describe, expect, it } from "vitest";
import { commentBlocks, MAX_COMMENT_LINES } from "./comments.mjs";

const source = (...lines: string[]) => lines.join("\n");

describe("commentBlocks", () => {
  it("counts a run of // lines as one block, blank comment lines included", () => {
    expect(commentBlocks(source("const a = 1;", "// one", "//", "  // three", "const b = 2;"))).toEqual([
      { line: 2, lines: 3 },
    ]);
  });

  it("ends a run at code or at an empty line", () => {
    expect(commentBlocks(source("// a", "// b", "", "// c", "f();", "// d"))).toEqual([
      { line: 1, lines: 2 },
      { line: 4, lines: 1 },
      { line: 6, lines: 1 },
    ]);
  });

  it("leaves out the bare opening and closing lines of a block comment", () => {
    expect(commentBlocks(source("/**", " * one", " * two", " */", "export const x = 1;"))).toEqual([
      { line: 1, lines: 2 },
    ]);
  });

  it("counts an opening or closing line that carries text", () => {
    expect(commentBlocks(source("/* one", "   two */", "  /** one", "   * two", "   * three", "   * four */"))).toEqual(
      [
        { line: 1, lines: 2 },
        { line: 3, lines: 4 },
      ],
    );
  });

  it("ignores one-line block comments and comments after code", () => {
    expect(commentBlocks(source("/** One line. */", "const a = 1; // why", "f(/* inline */ 2);"))).toEqual([]);
  });

  it("reads sources with CRLF line ends", () => {
    expect(commentBlocks("// a\r\n// b\r\n/**\r\n * c\r\n */\r\nx();\r\n")).toEqual([
      { line: 1, lines: 2 },
      { line: 3, lines: 1 },
    ]);
  });

  it("lets a three-line comment pass and flags a fourth line", () => {
    const long = (n: number) => Array.from({ length: n }, (_, i) => `// line ${i + 1}`);
    expect(commentBlocks(source(...long(MAX_COMMENT_LINES)))[0]!.lines).toBeLessThanOrEqual(MAX_COMMENT_LINES);
    expect(commentBlocks(source(...long(MAX_COMMENT_LINES + 1)))[0]!.lines).toBeGreaterThan(MAX_COMMENT_LINES);
  });
});
