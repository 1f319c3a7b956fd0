import { defineCheck } from "../types";

const TYPES = ["security", "billing", "operations"] as const;

export default defineCheck({
  id: "account_contacts_missing",
  title: "Account alternate contacts are not set",
  description:
    "AWS sends abuse reports, security notices and billing warnings to the alternate contacts. Without them those messages reach only the root email address, which is often unmonitored.",
  severity: "medium",
  service: "account",
  scope: "global",
  frameworks: [
    { framework: "CIS AWS Foundations v7.0", control: "2.2" },
    { framework: "CIS AWS Foundations v7.0", control: "2.3" },
    { framework: "AWS Foundational Security Best Practices", control: "Account.1" },
  ],
  remediation: {
    steps: [
      "Set security, billing and operations alternate contacts to team mailboxes (not individuals).",
      "In an organization, set them from the management account for every member account.",
    ],
    cli: 'aws account put-alternate-contact --alternate-contact-type SECURITY --name "Security team" --email-address security@example.com --phone-number "+1-555-0100" --title "Security"',
    terraform:
      'resource "aws_account_alternate_contact" "security" {\n  alternate_contact_type = "SECURITY"\n  name                   = "Security team"\n  title                  = "Security"\n  email_address          = "security@example.com"\n  phone_number           = "+1-555-0100"\n}',
  },
  requires: ["accountAlternateContacts"],
  evaluate: ({ accountId, inventory }) => {
    const contacts = inventory.accountAlternateContacts;
    const missing = TYPES.filter((t) => !contacts[t]?.email);
    return [
      {
        resourceId: `${accountId}/alternate-contacts`,
        resourceType: "AWS::::Account",
        status: missing.length > 0 ? "fail" : "pass",
        evidence: {
          missing: missing.map((t) => t.toUpperCase()),
          configured: TYPES.filter((t) => !missing.includes(t)).map((t) => t.toUpperCase()),
        },
      },
    ];
  },
});
