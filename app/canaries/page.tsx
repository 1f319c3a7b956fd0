import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { listCanaryKeys } from "@/lib/db/queries/canaries";
import { Code, EmptyState, PageHeader, Pill, Table, formatDateTime, td, Thead } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Canaries" };

export default async function CanariesPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const keys = await listCanaryKeys(db, viewer.scope);
  return (
    <>
      <PageHeader
        title="Canaries"
        description="Decoy access keys planted where an attacker would look. Any use of one in CloudTrail means something was stolen."
      />
      {keys.length === 0 ? (
        <EmptyState
          title="No canary keys registered"
          description="A canary is an access key of an IAM user with no permissions. Nobody legitimate ever uses it, so a single API call made with it is a high-confidence alert."
          steps={[
            {
              title: "Create a decoy IAM user with no policies",
              body: "Use a dedicated account if you can; the key must not be able to do anything.",
            },
            {
              title: "Plant its access key",
              body: (
                <>
                  In places an intruder would search: CI variables, a <Code>.env</Code> on a build host, a wiki page, a
                  developer laptop image.
                </>
              ),
            },
            {
              title: "Register only the access key id",
              body: "Posture keeps the public key id (AKIA…) and watches CloudTrail for it. The secret half is never stored.",
            },
          ]}
        />
      ) : (
        <Table caption="Canary keys">
          <Thead columns={["Label", "Access key id", "Planted in", "Status", "Events", "Last used"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {keys.map((k) => (
              <tr key={k.id}>
                <td className={`${td} font-medium`}>{k.label}</td>
                <td className={`${td} font-mono text-xs`}>{k.accessKeyId}</td>
                <td className={td}>{k.plantedIn ?? "—"}</td>
                <td className={td}>
                  <Pill tone={k.status === "tripped" ? "bad" : k.status === "active" ? "good" : "neutral"}>
                    {k.status}
                  </Pill>
                </td>
                <td className={`${td} tabular-nums`}>{k.events}</td>
                <td className={td}>{formatDateTime(k.lastEventAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
