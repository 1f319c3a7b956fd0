import type { NetworkAcl, NetworkAclEntry } from "@/lib/aws/ec2/types";
import { defineCheck } from "../types";
import { isWorldCidr, WORLD_V4, WORLD_V6 } from "./ports";
import { ownedBy } from "./net";

const ADMIN_PORTS = [22, 3389];

function coversTcpPort(e: NetworkAclEntry, port: number): boolean {
  if (e.protocol === "-1") return true;
  if (e.protocol !== "6") return false;
  // A TCP entry without a port range covers every port.
  return !e.portRange || (e.portRange.from <= port && port <= e.portRange.to);
}

/**
 * The inbound entry that decides traffic from the whole internet (one address family) to `port`: the
 * lowest matching rule number wins, and only an entry covering the entire internet decides for all of it
 * (a narrower DENY leaves the rest of the internet to the next entries).
 */
function decidingEntry(acl: NetworkAcl, port: number, world: string): NetworkAclEntry | undefined {
  return acl.entries
    .filter((e) => {
      const cidr = world === WORLD_V4 ? e.cidrBlock : e.ipv6CidrBlock;
      return !e.egress && isWorldCidr(cidr) && coversTcpPort(e, port);
    })
    .sort((a, b) => a.ruleNumber - b.ruleNumber)[0];
}

export default defineCheck({
  id: "nacl_world_open_admin_ports",
  title: "Network ACL allows SSH or RDP from the internet",
  description:
    "A network ACL that admits ports 22 or 3389 from 0.0.0.0/0 or ::/0 leaves the subnet's remote-administration services protected by security groups alone; one permissive group is then enough to expose them.",
  severity: "medium",
  service: "ec2",
  scope: "regional",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "6.2" },
    { framework: "AWS Foundational Security Best Practices", control: "EC2.21" },
  ],
  remediation: {
    steps: [
      "Add inbound DENY entries for TCP 22 and 3389 from 0.0.0.0/0 and ::/0 with a rule number lower than the ALLOW entries, or narrow the ALLOW entries to known ranges.",
      "Reach instances through SSM Session Manager or a VPN instead of opening administration ports.",
    ],
    cli: "aws ec2 create-network-acl-entry --network-acl-id acl-... --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny",
    terraform:
      'resource "aws_network_acl_rule" "deny_ssh" {\n  network_acl_id = aws_network_acl.main.id\n  rule_number    = 50\n  egress         = false\n  protocol       = "tcp"\n  rule_action    = "deny"\n  cidr_block     = "0.0.0.0/0"\n  from_port      = 22\n  to_port        = 22\n}',
  },
  requires: ["networkAcls"],
  evaluate: ({ accountId, region, partition, inventory }) =>
    inventory.networkAcls.map((acl) => {
      const open: { port: number; source: string; entry: NetworkAclEntry }[] = [];
      for (const port of ADMIN_PORTS) {
        for (const world of [WORLD_V4, WORLD_V6]) {
          const entry = decidingEntry(acl, port, world);
          if (entry?.action === "allow") open.push({ port, source: world, entry });
        }
      }
      return {
        resourceId: `arn:${partition}:ec2:${region}:${accountId}:network-acl/${acl.networkAclId}`,
        resourceType: "AWS::EC2::NetworkAcl",
        status: !ownedBy(accountId, acl) ? "not_applicable" : open.length > 0 ? "fail" : "pass",
        evidence: {
          vpcId: acl.vpcId,
          isDefault: acl.isDefault,
          subnetIds: acl.subnetIds,
          openPorts: [...new Set(open.map((o) => o.port))],
          allowingEntries: open,
        },
      };
    }),
});
