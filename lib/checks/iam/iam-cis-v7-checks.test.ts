import { describe, expect, it } from "vitest";
import { ctx } from "../fixtures";
import { daysAgo, details, iamUser, NOW, report, doc, allow } from "./fixtures";
import serverCertificates from "./iam-server-certificate-expired";
import directPolicies from "./iam-user-direct-policies";

describe("iam_server_certificate_expired", () => {
  it("fails a certificate past its expiry at collection time, passes a valid one", () => {
    const cert = (name: string, expiration: Date | null) => ({
      name,
      arn: `arn:aws:iam::111122223333:server-certificate/${name}`,
      expiration,
      uploadDate: daysAgo(800),
    });
    const rs = serverCertificates.evaluate(
      ctx({
        iamServerCertificates: [
          cert("old", daysAgo(1)),
          cert("current", new Date(NOW.getTime() + 86_400_000)),
          cert("odd", null),
        ],
        iamCredentialReport: report(),
      }),
    );
    expect(rs.map((r) => r.status)).toEqual(["fail", "pass", "not_applicable"]);
  });
});

describe("iam_user_direct_policies", () => {
  it("fails users with attached or inline policies, passes users who get permissions through groups", () => {
    const d = details({
      users: [
        iamUser("attached", {
          attachedPolicies: [{ name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
        }),
        iamUser("inline", { inlinePolicies: [{ name: "s3", document: doc(allow("s3:GetObject")) }] }),
        iamUser("grouped", { groups: ["readers"] }),
      ],
    });
    const rs = directPolicies.evaluate(ctx({ iamAuthorizationDetails: d }));
    expect(rs.map((r) => r.status)).toEqual(["fail", "fail", "pass"]);
    expect(rs[1]?.evidence.inlinePolicies).toEqual(["s3"]);
  });
});
