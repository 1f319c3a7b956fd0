import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("csvCell", () => {
  it("leaves plain text and numbers alone and writes nothing for null", () => {
    expect(csvCell("auth.sign_in")).toBe("auth.sign_in");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell('{"reason":"x","n":1}')).toBe('"{""reason"":""x"",""n"":1}"');
  });

  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell("+1+2")).toBe("'+1+2");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("=1,2")).toBe(`"'=1,2"`);
    // Only a leading character counts, and numbers are numbers.
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("mallory@example.com")).toBe("mallory@example.com");
    expect(csvCell(-5)).toBe("-5");
  });
});

describe("toCsv", () => {
  it("writes a header and one CRLF-terminated line per row", () => {
    expect(
      toCsv(
        ["id", "actor"],
        [
          [1, "a@example.com"],
          [2, null],
          [3, "=cmd"],
        ],
      ),
    ).toBe("id,actor\r\n1,a@example.com\r\n2,\r\n3,'=cmd\r\n");
    expect(toCsv(["id"], [])).toBe("id\r\n");
  });
});
