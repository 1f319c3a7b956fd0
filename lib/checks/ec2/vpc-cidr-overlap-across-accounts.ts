import { defineOrgCheck, type OrgCheckResult } from "../types";
import { ownedBy, parseIpv4Cidr, rangesOverlap, vpcArn, type Ipv4Range } from "./net";

type Block = { accountId: string; region: string; vpcId: string; range: Ipv4Range };
type Collision = {
  accountId?: string;
  region?: string;
  vpcId?: string;
  cidr: string;
  onPremises?: true;
  overlapsWith: string;
};

export default defineOrgCheck({
  id: "vpc_cidr_overlap_across_accounts",
  title: "VPC CIDR ranges overlap between accounts or with on-premises",
  description:
    "VPCs whose address ranges collide cannot be peered, attached to the same transit gateway route table or reached over the same VPN; connecting them later means renumbering, and overlapping routes in the meantime can send traffic to the wrong network.",
  severity: "medium",
  service: "ec2",
  scope: "organization",
  frameworks: [],
  remediation: {
    steps: [
      "Allocate VPC ranges from a central plan (for example Amazon VPC IP Address Manager pools) so no two accounts or on-premises networks share a range.",
      "For a colliding VPC that must connect to others: add a non-overlapping secondary CIDR and move workloads into its subnets, or rebuild the VPC in a new range.",
      "Keep the on-premises ranges in Settings up to date.",
    ],
    cli: "aws ec2 associate-vpc-cidr-block --vpc-id vpc-... --cidr-block 10.42.0.0/16\naws ec2 create-ipam-pool --ipam-scope-id ipam-scope-... --address-family ipv4",
    terraform:
      '# Take VPC ranges from an IPAM pool so they cannot collide:\nresource "aws_vpc" "main" {\n  ipv4_ipam_pool_id   = aws_vpc_ipam_pool.org.id\n  ipv4_netmask_length = 20\n}',
  },
  requires: ["vpcs"],
  evaluate: ({ partition, settings, accounts }) => {
    const blocks: Block[] = [];
    const unread: string[] = [];
    for (const a of accounts) {
      for (const [region, inv] of Object.entries(a.regions)) {
        if (!inv) {
          unread.push(`${a.accountId}/${region}`);
          continue;
        }
        // A VPC shared through RAM shows in every participant; count it once, for its owner. Default
        // VPCs all use 172.31.0.0/16 and are rarely connected: compared only when settings ask.
        const compared = inv.vpcs.filter(
          (v) => ownedBy(a.accountId, v) && (!v.isDefault || settings.overlapIncludesDefaultVpcs),
        );
        for (const vpc of compared) {
          for (const cidr of vpc.cidrBlocks) {
            const range = parseIpv4Cidr(cidr);
            if (range) blocks.push({ accountId: a.accountId, region, vpcId: vpc.vpcId, range });
          }
        }
      }
    }
    const onPrem = settings.onPremisesCidrs.map((c) => ({ cidr: c, range: parseIpv4Cidr(c) }));
    const invalidOnPrem = onPrem.filter((p) => !p.range).map((p) => p.cidr);

    const key = (b: { accountId: string; region: string; vpcId: string }) => `${b.accountId}|${b.region}|${b.vpcId}`;
    const collisions = new Map<string, Collision[]>();
    const add = (b: Block, c: Collision) => collisions.set(key(b), [...(collisions.get(key(b)) ?? []), c]);
    // Sorted by start address, a block can only overlap those starting before its end.
    const sorted = [...blocks].sort((x, y) => x.range.start - y.range.start);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!;
      for (let j = i + 1; j < sorted.length && sorted[j]!.range.start <= a.range.end; j++) {
        const b = sorted[j]!;
        if (a.accountId === b.accountId) continue;
        add(a, {
          accountId: b.accountId,
          region: b.region,
          vpcId: b.vpcId,
          cidr: b.range.cidr,
          overlapsWith: a.range.cidr,
        });
        add(b, {
          accountId: a.accountId,
          region: a.region,
          vpcId: a.vpcId,
          cidr: a.range.cidr,
          overlapsWith: b.range.cidr,
        });
      }
      for (const p of onPrem) {
        if (p.range && rangesOverlap(a.range, p.range))
          add(a, { cidr: p.cidr, onPremises: true, overlapsWith: a.range.cidr });
      }
    }

    const vpcs = new Map<string, { accountId: string; region: string; vpcId: string; cidrs: string[] }>();
    for (const b of blocks) {
      const v = vpcs.get(key(b)) ?? { accountId: b.accountId, region: b.region, vpcId: b.vpcId, cidrs: [] };
      v.cidrs.push(b.range.cidr);
      vpcs.set(key(b), v);
    }
    return [...vpcs.values()].map((v): OrgCheckResult => {
      const found = collisions.get(key(v)) ?? [];
      const base = {
        accountId: v.accountId,
        region: v.region,
        resourceId: vpcArn(partition, v.region, v.accountId, v.vpcId),
        resourceType: "AWS::EC2::VPC",
      };
      const extra = invalidOnPrem.length ? { invalidOnPremisesCidrs: invalidOnPrem } : {};
      if (found.length > 0)
        return { ...base, status: "fail", evidence: { cidrBlocks: v.cidrs, collisions: found, ...extra } };
      // Not seeing every account's VPCs means a collision may be hiding in the ones we missed.
      if (unread.length > 0)
        return {
          ...base,
          status: "not_applicable",
          evidence: { cidrBlocks: v.cidrs, unreadUnits: unread.slice(0, 50), ...extra },
        };
      return { ...base, status: "pass", evidence: { cidrBlocks: v.cidrs, ...extra } };
    });
  },
});
