import type { IpPermission } from "@/lib/aws/ec2/types";
import type { Ec2Instance } from "@/lib/aws/ec2/types";
import { ipv4World, ipv6World } from "./ports";

/** A parsed IPv4 CIDR block: first and last address as unsigned integers. */
export type Ipv4Range = { cidr: string; start: number; end: number };

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * Parses "a.b.c.d/n". Returns undefined for anything else, including a block whose address has host
 * bits set ("10.0.0.1/8"): such input is a typo more often than a range, so it is not guessed at.
 */
export function parseIpv4Cidr(cidr: string): Ipv4Range | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5);
  if (!octets.every((o) => OCTET.test(o))) return undefined;
  const prefix = Number(m[5]);
  if (prefix > 32 || (m[5]!.length > 1 && m[5]!.startsWith("0"))) return undefined;
  // Plain arithmetic, not bit operators: those are signed 32-bit and break on /0 and 128.0.0.0+.
  const address = octets.reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return undefined;
  return { cidr: cidr.trim(), start: address, end: address + size - 1 };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function fromWorld(rule: IpPermission): boolean {
  return ipv4World(rule.ipv4Ranges) || ipv6World(rule.ipv6Ranges);
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const TCP_UDP = new Set(["tcp", "6", "udp", "17"]);

/** True when the rule opens every port to the world: all protocols, or TCP/UDP 0–65535. */
export function worldOpenAllPorts(rule: IpPermission): boolean {
  if (!fromWorld(rule)) return false;
  if (ALL_PROTOCOLS.has(rule.protocol)) return true;
  return TCP_UDP.has(rule.protocol) && (rule.fromPort ?? 0) <= 0 && (rule.toPort ?? 65535) >= 65535;
}

export const isRunning = (i: Ec2Instance) => i.state === "running" || i.state === "pending";

export function instanceArn(partition: string, region: string, accountId: string, instanceId: string): string {
  return `arn:${partition}:ec2:${region}:${accountId}:instance/${instanceId}`;
}

export function securityGroupArn(partition: string, region: string, accountId: string, groupId: string): string {
  return `arn:${partition}:ec2:${region}:${accountId}:security-group/${groupId}`;
}

export function vpcArn(partition: string, region: string, accountId: string, vpcId: string): string {
  return `arn:${partition}:ec2:${region}:${accountId}:vpc/${vpcId}`;
}

/** A resource shared into the account through RAM is owned, and configured, by another account. */
export const ownedBy = (accountId: string, r: { ownerId?: string }) =>
  r.ownerId === undefined || r.ownerId === accountId;
