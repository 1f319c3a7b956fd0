import { describe, expect, it } from "vitest";
import check from "./nacl-world-open-admin-ports";
import { nacl, naclEntry } from "./fixtures";
import { ctx } from "../fixtures";
import type { NetworkAcl } from "@/lib/aws/ec2/types";

const run = (acls: NetworkAcl[]) => check.evaluate(ctx({ networkAcls: acls }, "us-east-1"));

describe("nacl_world_open_admin_ports", () => {
  it("fails the default ACL's allow-all inbound entry, for both ports and both address families", () => {
    const [r] = run([
      nacl(
        "acl-1",
        [
          naclEntry(100, "allow", { protocol: "-1" }),
          naclEntry(101, "allow", { protocol: "-1", cidrBlock: undefined, ipv6CidrBlock: "::/0" }),
        ],
        { isDefault: true },
      ),
    ]);
    expect(r).toMatchObject({
      resourceId: "arn:aws:ec2:us-east-1:111122223333:network-acl/acl-1",
      resourceType: "AWS::EC2::NetworkAcl",
      status: "fail",
    });
    expect(r?.evidence.openPorts).toEqual([22, 3389]);
    expect(r?.evidence.allowingEntries).toHaveLength(4);
  });

  it("fails an ALLOW port range covering 3389 only, and names that port", () => {
    const [r] = run([nacl("acl-1", [naclEntry(100, "allow", { portRange: { from: 1024, to: 65535 } })])]);
    expect(r).toMatchObject({ status: "fail", evidence: { openPorts: [3389] } });
  });

  it("lets an earlier DENY from the world win, whatever order the entries come in", () => {
    const entries = [
      naclEntry(200, "allow", { protocol: "-1" }),
      naclEntry(100, "deny", { portRange: { from: 22, to: 22 } }),
      naclEntry(110, "deny", { portRange: { from: 3389, to: 3389 } }),
    ];
    expect(run([nacl("acl-1", entries)])[0]?.status).toBe("pass");
  });

  it("still fails when the earlier DENY covers only part of the internet or comes later", () => {
    const partial = [
      naclEntry(100, "deny", { cidrBlock: "198.51.100.0/24", portRange: { from: 22, to: 22 } }),
      naclEntry(200, "allow", { portRange: { from: 22, to: 22 } }),
    ];
    const later = [
      naclEntry(100, "allow", { portRange: { from: 22, to: 22 } }),
      naclEntry(200, "deny", { portRange: { from: 22, to: 22 } }),
    ];
    expect(run([nacl("acl-1", partial), nacl("acl-2", later)]).map((r) => r.status)).toEqual(["fail", "fail"]);
  });

  it("passes ALLOWs from private ranges, for web ports, for UDP, and outbound", () => {
    const entries = [
      naclEntry(100, "allow", { cidrBlock: "10.0.0.0/8", protocol: "-1" }),
      naclEntry(110, "allow", { portRange: { from: 443, to: 443 } }),
      naclEntry(120, "allow", { protocol: "17", portRange: { from: 3389, to: 3389 } }),
      naclEntry(130, "allow", { protocol: "-1", egress: true }),
    ];
    expect(run([nacl("acl-1", entries)])[0]).toMatchObject({
      status: "pass",
      evidence: { openPorts: [], allowingEntries: [] },
    });
  });

  it("leaves an ACL shared in from another account to its owner, and has nothing to say without ACLs", () => {
    expect(
      run([nacl("acl-1", [naclEntry(100, "allow", { protocol: "-1" })], { ownerId: "999988887777" })])[0]?.status,
    ).toBe("not_applicable");
    expect(run([])).toEqual([]);
  });
});
