import { describe, expect, it } from "vitest";
import { parseIpv4Cidr, rangesOverlap, worldOpenAllPorts } from "./net";
import { rule } from "./fixtures";

const r = (c: string) => {
  const p = parseIpv4Cidr(c);
  if (!p) throw new Error(`bad test CIDR ${c}`);
  return p;
};

describe("parseIpv4Cidr", () => {
  it("parses /0, /32 and ordinary blocks to their first and last address", () => {
    expect(parseIpv4Cidr("0.0.0.0/0")).toEqual({ cidr: "0.0.0.0/0", start: 0, end: 2 ** 32 - 1 });
    expect(parseIpv4Cidr("10.1.2.3/32")).toEqual({ cidr: "10.1.2.3/32", start: 167838211, end: 167838211 });
    expect(parseIpv4Cidr("192.168.0.0/16")).toMatchObject({ start: 3232235520, end: 3232301055 });
    expect(parseIpv4Cidr("255.255.255.255/32")).toMatchObject({ start: 2 ** 32 - 1, end: 2 ** 32 - 1 });
    expect(parseIpv4Cidr("128.0.0.0/1")).toMatchObject({ start: 2 ** 31, end: 2 ** 32 - 1 });
  });

  it("rejects blocks with host bits set", () => {
    expect(parseIpv4Cidr("10.0.0.1/8")).toBeUndefined();
    expect(parseIpv4Cidr("11.0.0.0/7")).toBeUndefined();
    expect(parseIpv4Cidr("1.0.0.0/0")).toBeUndefined();
    expect(parseIpv4Cidr("10.0.0.128/24")).toBeUndefined();
  });

  it("rejects malformed input", () => {
    for (const bad of [
      "10.0.0.0",
      "10.0.0.0/33",
      "256.0.0.0/8",
      "10.0.0/8",
      "10.0.0.0.0/8",
      "a.b.c.d/8",
      "010.0.0.0/8",
      "10.0.0.0/08",
      "::/0",
      "",
      "10.0.0.0/-1",
    ]) {
      expect(parseIpv4Cidr(bad), bad).toBeUndefined();
    }
  });
});

describe("rangesOverlap", () => {
  it("detects containment, partial overlap and a shared edge address", () => {
    expect(rangesOverlap(r("10.0.0.0/8"), r("10.20.0.0/16"))).toBe(true);
    expect(rangesOverlap(r("10.20.0.0/16"), r("10.0.0.0/8"))).toBe(true);
    expect(rangesOverlap(r("0.0.0.0/0"), r("192.168.1.1/32"))).toBe(true);
    expect(rangesOverlap(r("10.0.0.255/32"), r("10.0.0.0/24"))).toBe(true);
  });
  it("keeps adjacent blocks apart", () => {
    expect(rangesOverlap(r("10.0.0.0/24"), r("10.0.1.0/24"))).toBe(false);
    expect(rangesOverlap(r("10.0.0.0/9"), r("10.128.0.0/9"))).toBe(false);
    expect(rangesOverlap(r("10.0.0.1/32"), r("10.0.0.2/32"))).toBe(false);
  });
});

describe("worldOpenAllPorts", () => {
  it("matches all protocols and the full TCP/UDP range from the world", () => {
    expect(worldOpenAllPorts(rule({ protocol: "-1", ipv4Ranges: ["0.0.0.0/0"] }))).toBe(true);
    expect(worldOpenAllPorts(rule({ protocol: "tcp", fromPort: 0, toPort: 65535, ipv6Ranges: ["::/0"] }))).toBe(true);
    expect(worldOpenAllPorts(rule({ protocol: "udp", fromPort: 0, toPort: 65535, ipv4Ranges: ["0.0.0.0/0"] }))).toBe(
      true,
    );
  });
  it("does not match partial ranges, ICMP or private sources", () => {
    expect(worldOpenAllPorts(rule({ protocol: "tcp", fromPort: 1, toPort: 65535, ipv4Ranges: ["0.0.0.0/0"] }))).toBe(
      false,
    );
    expect(worldOpenAllPorts(rule({ protocol: "icmp", fromPort: -1, toPort: -1, ipv4Ranges: ["0.0.0.0/0"] }))).toBe(
      false,
    );
    expect(worldOpenAllPorts(rule({ protocol: "-1", ipv4Ranges: ["10.0.0.0/8"] }))).toBe(false);
  });
});
