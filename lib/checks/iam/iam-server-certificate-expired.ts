import { defineCheck } from "../types";
import { iso } from "./policy";

export default defineCheck({
  id: "iam_server_certificate_expired",
  title: "Expired SSL/TLS certificate stored in IAM",
  description:
    "An expired server certificate left in IAM can be attached to a load balancer or CloudFront distribution by mistake, which breaks TLS for its clients and erodes trust in certificate warnings.",
  severity: "low",
  service: "iam",
  scope: "global",
  frameworks: [{ framework: "CIS AWS Foundations v7.0", control: "2.17" }],
  remediation: {
    steps: [
      "Check that no load balancer or distribution still uses the certificate.",
      "Delete it from IAM; keep certificates in AWS Certificate Manager, which renews them.",
    ],
    cli: "aws iam delete-server-certificate --server-certificate-name CERTIFICATE_NAME",
    terraform:
      '# Remove the aws_iam_server_certificate resource (or import it and destroy it); use ACM instead:\nresource "aws_acm_certificate" "this" {\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}',
  },
  requires: ["iamServerCertificates", "iamCredentialReport"],
  evaluate: ({ inventory }) => {
    // The credential report's generation time is the collection's clock.
    const now = inventory.iamCredentialReport.generatedAt;
    return inventory.iamServerCertificates.map((c) => ({
      resourceId: c.arn,
      resourceType: "AWS::IAM::ServerCertificate",
      status: c.expiration === null ? "not_applicable" : c.expiration < now ? "fail" : "pass",
      evidence: { name: c.name, expiration: iso(c.expiration) },
    }));
  },
});
