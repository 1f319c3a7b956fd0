import type { IpPermission } from "@/lib/aws/ec2/types";

export const WORLD_V4 = "0.0.0.0/0";
export const WORLD_V6 = "::/0";

/** "0.0.0.0/0", and "::/0" however it is written ("0::/0", "0:0:0:0:0:0:0:0/0"): a /0 is the whole internet. */
export function isWorldCidr(cidr: string | undefined): boolean {
  if (!cidr) return false;
  const [address, prefix] = cidr.trim().split("/");
  if (prefix === undefined || Number(prefix) !== 0 || prefix.trim() === "") return false;
  return /^[0-9.]+$/.test(address!) || /^[0-9a-f:]*:[0-9a-f:]*$/i.test(address!);
}

export const ipv4World = (ranges: string[]) => ranges.some((r) => isWorldCidr(r) && r.includes("."));
export const ipv6World = (ranges: string[]) => ranges.some((r) => isWorldCidr(r) && r.includes(":"));

/** True when the rule lets `port`/tcp in from anywhere on the internet. */
export function worldCanReachTcpPort(rule: IpPermission, port: number): boolean {
  const fromWorld = ipv4World(rule.ipv4Ranges) || ipv6World(rule.ipv6Ranges);
  if (!fromWorld) return false;
  if (rule.protocol === "-1" || rule.protocol === "all") return true;
  if (rule.protocol !== "tcp" && rule.protocol !== "6") return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= port && port <= to;
}
