import { describe, expect, it } from "vitest";
import { sameOriginPath, sameOriginUrl } from "./callback-url";

const ORIGIN = "http://127.0.0.1:3000";

describe("sameOriginPath", () => {
  it("keeps a path, its query and its fragment on this origin", () => {
    expect(sameOriginPath("/findings?severity=high#top", ORIGIN)).toBe("/findings?severity=high#top");
    expect(sameOriginPath("/", ORIGIN)).toBe("/");
    expect(sameOriginPath(`${ORIGIN}/runs`, ORIGIN)).toBe("/runs");
    expect(sameOriginPath("runs", ORIGIN)).toBe("/runs");
  });

  it("refuses every way of naming another origin (issue 16: /%09/evil.example reached evil.example)", () => {
    for (const raw of [
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\\/evil.example",
      "https://evil.example/",
      "http://127.0.0.1:3001/",
      "https://127.0.0.1:3000/",
      "http://127.0.0.1:3000@evil.example/",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      " //evil.example",
    ]) {
      expect(sameOriginPath(raw, ORIGIN), JSON.stringify(raw)).toBe("/");
    }
  });

  it("answers a path safe to put in a Location header: newlines and non-ASCII come back escaped", () => {
    expect(sameOriginPath("/a\nb", ORIGIN)).toBe("/ab");
    expect(sameOriginPath("/caf\u00e9?q=\u00e9", ORIGIN)).toBe("/caf%C3%A9?q=%C3%A9");
    expect(sameOriginPath("/x?a=<script>", ORIGIN)).toBe("/x?a=%3Cscript%3E");
    for (const raw of ["/\u0000", "/a\u0085b", "/\u2028", "/x?\r\nSet-Cookie: a=b", "/\ud800"]) {
      expect(sameOriginPath(raw, ORIGIN), JSON.stringify(raw)).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });

  it("falls back to / for anything that is not a usable string", () => {
    for (const raw of [undefined, null, 42, ["/a"], { a: 1 }, "", "/".padEnd(3000, "a"), "http://[::1"]) {
      expect(sameOriginPath(raw, ORIGIN), JSON.stringify(raw)).toBe("/");
    }
  });
});

describe("sameOriginUrl", () => {
  it("gives next-auth an absolute URL on the public origin, never another", () => {
    expect(sameOriginUrl("/findings", ORIGIN)).toBe(`${ORIGIN}/findings`);
    expect(sameOriginUrl("x", ORIGIN)).toBe(`${ORIGIN}/x`);
    expect(sameOriginUrl("https://evil.example/", ORIGIN)).toBe(`${ORIGIN}/`);
    expect(sameOriginUrl("/%09/evil.example", ORIGIN)).toBe(`${ORIGIN}/%09/evil.example`);
  });
});
