import { Code, type NextStep } from "./ui";

/** The path from an empty database to a first snapshot, shared by pages that have nothing to show yet. */
export const connectSteps: NextStep[] = [
  {
    title: "Deploy the read-only audit role",
    body: (
      <>
        In every member account, deploy <Code>PostureAuditRole</Code> (SecurityAudit + ViewOnlyAccess, trusted only by
        the hub with an ExternalId). Posture never stores AWS secrets and never writes to AWS. See README → AWS set-up.
      </>
    ),
  },
  {
    title: "Give the hub an identity",
    body: (
      <>
        Run Posture where the AWS SDK&apos;s default credential chain finds the hub identity (<Code>AWS_PROFILE</Code>,
        an instance or task role), allowed <Code>sts:AssumeRole</Code> on that role name and{" "}
        <Code>organizations:List*</Code>.
      </>
    ),
  },
  {
    title: "Collect a first snapshot",
    body: <>Accounts, findings, GuardDuty results, costs and canary activity appear here after the first collection.</>,
    href: "/accounts",
    linkLabel: "Accounts",
  },
];
