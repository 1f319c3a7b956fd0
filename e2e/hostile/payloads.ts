/**
 * The hostile-input corpus, by class. `value` is what goes into a JSON body (and, as text, into a
 * URL); `url` replaces it in a URL when it cannot be written there percent-encoded (a malformed
 * escape, a lone surrogate). Classes marked `bodyOnly` have no URL form.
 */
export type PayloadClass =
  | "prototype"
  | "control"
  | "surrogate"
  | "escape"
  | "sql"
  | "script"
  | "redirect"
  | "number"
  | "type"
  | "huge"
  | "unicode";

export type Payload = { class: PayloadClass; value: unknown; url?: string; bodyOnly?: boolean; urlOnly?: boolean };

const strings = (cls: PayloadClass, values: string[]): Payload[] => values.map((value) => ({ class: cls, value }));

export const payloads: Payload[] = [
  ...strings("prototype", [
    "__proto__",
    "constructor",
    "toString",
    "prototype",
    "hasOwnProperty",
    "valueOf",
    "__defineGetter__",
  ]),
  ...strings("control", [
    "\u0000",
    "a\u0000b",
    "\u0001\u0007\u001b[31m",
    "\r\nSet-Cookie: injected=1",
    "\tx",
    "\u007f\u0085",
    "\u2028\u2029",
    "\u202eevil",
  ]),
  { class: "surrogate", value: "\ud800", url: "%ED%A0%80" },
  { class: "surrogate", value: "\udfff", url: "%ED%BF%BF" },
  { class: "surrogate", value: "a\udc00b", url: "a%ED%B0%80b" },
  ...["%", "%zz", "%G1", "%E0%A4%A", "%C0%AF", "%C0%80", "%%", "%2", "%FF%FE", "%00", "%25%", "%u0041"].map(
    (url): Payload => ({ class: "escape", value: url, url, urlOnly: true }),
  ),
  ...strings("sql", [
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    '" OR ""="',
    "' UNION SELECT NULL, version() --",
    "$$; select pg_sleep(5); $$",
    "\\'; select 1; --",
    "1' AND SLEEP(5)#",
  ]),
  ...strings("script", [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'-alert(1)-'",
    "</title><svg/onload=alert(1)>",
    "{{constructor.constructor('alert(1)')()}}",
    "${7*7}",
    "<!--hostile-->",
  ]),
  ...strings("redirect", [
    "//evil.example",
    "/\t/evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "\\\\evil.example",
    "http://127.0.0.1:1/",
  ]),
  ...strings("number", [
    "-1",
    "0",
    "-0",
    "1e309",
    "9".repeat(400),
    "NaN",
    "Infinity",
    "0x10",
    "1.5",
    "99999999999999999999",
    "-9223372036854775809",
  ]),
  ...[-1, 0, 1.5, 1e308, 2 ** 53 + 1, -(2 ** 63)].map((value): Payload => ({ class: "number", value, bodyOnly: true })),
  ...[
    null,
    true,
    false,
    42,
    [],
    ["x"],
    {},
    { $ne: null },
    JSON.parse('{"__proto__":{"admin":true}}'),
    [[[["deep"]]]],
  ].map((value): Payload => ({ class: "type", value, bodyOnly: true })),
  { class: "huge", value: "A".repeat(100_000), bodyOnly: true },
  { class: "huge", value: "B".repeat(6_000), urlOnly: true },
  ...strings("unicode", ["é", "𝕏🙂", "\ufeffbom", "ｆｕｌｌ", "İı", "ß", "e\u0301", "\u200d\u200b"]),
];

export const payloadClasses = [...new Set(payloads.map((p) => p.class))];

/** The payload as it is written into a URL path segment or query value. */
export function urlText(payload: Payload): string | null {
  if (payload.bodyOnly) return null;
  if (payload.url !== undefined) return payload.url;
  return encodeURIComponent(String(payload.value));
}

/** A string that must never come back unescaped in an HTML page: the payload itself, when it carries markup. */
export function markup(payload: Payload): string | null {
  return typeof payload.value === "string" && /[<>]/.test(payload.value) ? payload.value : null;
}
