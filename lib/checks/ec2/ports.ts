import type { IpPermission } from "@/lib/aws/ec2/types";

export const WORLD_V4 = "0.0.0.0/0";
export const WORLD_V6 = "::/0";

/** True when the rule lets `port`/tcp in from anywhere on the internet. */
export function worldCanReachTcpPort(rule: IpPermission, port: number): boolean {
  const fromWorld = rule.ipv4Ranges.includes(WORLD_V4) || rule.ipv6Ranges.includes(WORLD_V6);
  if (!fromWorld) return false;
  if (rule.protocol === "-1" || rule.protocol === "all") return true;
  if (rule.protocol !== "tcp" && rule.protocol !== "6") return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= port && port <= to;
}
