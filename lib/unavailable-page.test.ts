import { describe, expect, it } from "vitest";
import { isDatabaseReachable } from "./db/reachable";
import { freePort } from "@/test/free-port";
import { unavailablePage } from "./unavailable-page";

describe("unavailablePage", () => {
  it("is a 503 with Retry-After that says what is wrong and reloads itself", async () => {
    const res = unavailablePage("abc");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("The database is not reachable");
    expect(html).toContain("This page retries");
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(html).toContain('<style nonce="abc">');
    expect(html).not.toContain("<script");
  });
});

describe("isDatabaseReachable", () => {
  it("answers false, without throwing, when nothing listens", async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    expect(await isDatabaseReachable(url)).toBe(false);
  });
});
