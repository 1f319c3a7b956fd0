import type { Metadata } from "next";
import { Link } from "@/components/link";
import { getDb } from "@/lib/db";
import { listCanaryEvents, listCanaryKeys, listOuPaths } from "@/lib/db/queries/canaries";
import { Card, Code, EmptyState, PageHeader, Pill, Stat, Table, formatDateTime, td, Thead } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { hasRole } from "@/lib/auth/roles";
import { canaryState, type CanaryState } from "@/lib/domain/canary";
import { investigationUrl } from "@/lib/domain/links";
import { environments } from "@/lib/domain/vocabulary";
import { env } from "@/lib/env";
import { resolveRuleSettings } from "@/lib/activity/rules";
import { loadActivityRuleSettings } from "@/lib/settings/activity-rules";
import { ActivityRulesEditor } from "../settings/activity-rules-editor";
import { RegisterCanary, RetireCanary } from "./client";

export const metadata: Metadata = { title: "Canaries" };

const stateTone: Record<CanaryState["kind"], "bad" | "good" | "warn" | "neutral"> = {
  tripped: "bad",
  quiet: "good",
  "not-checked": "warn",
  retired: "neutral",
};
const stateLabel: Record<CanaryState["kind"], string> = {
  tripped: "tripped",
  quiet: "quiet",
  "not-checked": "not checked",
  retired: "retired",
};

export default async function CanariesPage() {
  const viewer = await requirePage("viewer");
  const admin = hasRole(viewer.role, "admin");
  const db = await getDb();
  const [keys, events, ous, ruleSettings] = await Promise.all([
    listCanaryKeys(db, viewer.scope),
    listCanaryEvents(db, { scope: viewer.scope, limit: 50 }),
    listOuPaths(db),
    loadActivityRuleSettings(db),
  ]);
  const rulesCard = (
    <Card title="Risky activity rules">
      <ActivityRulesEditor rules={resolveRuleSettings(ruleSettings)} readOnly />
    </Card>
  );
  const now = new Date();
  const intervalMs = env.POSTURE_CANARY_INTERVAL_MINUTES * 60_000;
  const rows = keys.map((k) => ({ ...k, state: canaryState(k, { now, intervalMs }) }));
  const live = rows.filter((k) => k.state.kind !== "retired");
  const count = (kind: CanaryState["kind"]) => live.filter((k) => k.state.kind === kind).length;
  const byEnvironment = environments.map((e) => ({ e, n: live.filter((k) => k.environment === e).length }));
  const byOu = ous
    .filter((o) => o.path.split("/").length > 1)
    .map((o) => ({ ...o, n: live.filter((k) => k.ouPath === o.path || k.ouPath?.startsWith(`${o.path}/`)).length }));
  return (
    <>
      <PageHeader
        title="Canaries"
        description={`Decoy access keys planted where an attacker would look. The canary job reads CloudTrail for each one every ${env.POSTURE_CANARY_INTERVAL_MINUTES} minutes; any use of one means something was stolen.`}
      />
      {admin && <RegisterCanary />}
      {rows.length === 0 ? (
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
              body: admin
                ? "Above: Posture keeps the public key id (AKIA…) and watches CloudTrail for it. The secret half is never stored."
                : "An admin registers it here. Posture keeps the public key id (AKIA…); the secret half is never stored.",
            },
          ]}
        />
      ) : (
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Tripped" value={count("tripped")} tone={count("tripped") > 0 ? "alert" : "default"} />
            <Stat label="Quiet" value={count("quiet")} />
            <Stat label="Not checked" value={count("not-checked")} hint="see why in the table" />
            <Stat label="Events recorded" value={live.reduce((n, k) => n + k.events, 0)} />
          </dl>
          <Table caption="Canary keys">
            <Thead
              columns={[
                "Canary",
                "Access key id",
                "Planted in",
                "Owning account / user",
                "Owner",
                "State",
                "Last checked",
                "Last used",
                "",
              ]}
            />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((k) => (
                <tr key={k.id} data-testid={`canary-${k.accessKeyId}`}>
                  <td className={`${td} font-medium`}>{k.label}</td>
                  <td className={`${td} font-mono text-xs`}>
                    <Link className="underline-offset-2 hover:underline" href={investigationUrl(k)}>
                      {k.accessKeyId}
                    </Link>
                  </td>
                  <td className={`${td} whitespace-normal`}>
                    <div>{[k.system, k.repository].filter(Boolean).join(" · ") || k.plantedIn || "—"}</div>
                    <div className="text-xs text-slate-500 dark:text-slate-400">
                      {[k.environment, k.system || k.repository ? k.plantedIn : null].filter(Boolean).join(" · ")}
                    </div>
                  </td>
                  <td className={td}>
                    <div className="font-mono text-xs">{k.ownerAccountId ?? "—"}</div>
                    <div className="text-xs text-slate-500 dark:text-slate-400">
                      {[k.ownerAccountName, k.iamUserName].filter(Boolean).join(" · ")}
                    </div>
                  </td>
                  <td className={td}>{k.owner ?? "—"}</td>
                  <td className={`${td} whitespace-normal`}>
                    <Pill tone={stateTone[k.state.kind]}>{stateLabel[k.state.kind]}</Pill>
                    {k.state.why && (
                      <p className="mt-1 max-w-xs text-xs text-slate-500 dark:text-slate-400">{k.state.why}</p>
                    )}
                    {k.scannerEvents > 0 && (
                      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                        {k.scannerEvents} of {k.events} calls from a secret scanner
                      </p>
                    )}
                  </td>
                  <td className={td}>{formatDateTime(k.lastCheckedAt)}</td>
                  <td className={td}>{formatDateTime(k.lastEventAt)}</td>
                  <td className={td}>
                    {admin && k.state.kind !== "retired" && <RetireCanary id={k.id} label={k.label} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="grid gap-4 md:grid-cols-2">
            <Card title="Coverage by environment">
              <ul className="space-y-1 text-sm">
                {byEnvironment.map(({ e, n }) => (
                  <li key={e} className="flex justify-between">
                    <span>{e}</span>
                    {n > 0 ? <span className="tabular-nums">{n} planted</span> : <Pill tone="warn">none planted</Pill>}
                  </li>
                ))}
              </ul>
            </Card>
            <Card title="Coverage by OU (of the owning account)">
              {byOu.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400">No organizational units discovered yet.</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {byOu.map((o) => (
                    <li key={o.id} className="flex justify-between gap-4">
                      <span className="truncate">{o.path}</span>
                      {o.n > 0 ? (
                        <span className="tabular-nums">{o.n} planted</span>
                      ) : (
                        <Pill tone="warn">none planted</Pill>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
          {events.length > 0 && (
            <Table caption="Canary activity">
              <Thead columns={["Time", "Canary", "Action", "Region", "Source IP", "User agent", "Error", ""]} />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {events.map((e) => (
                  <tr key={e.id}>
                    <td className={td}>{formatDateTime(e.eventTime)}</td>
                    <td className={`${td} font-mono text-xs`}>{e.accessKeyId}</td>
                    <td className={td}>
                      {e.eventSource.replace(".amazonaws.com", "")}:{e.eventName}
                    </td>
                    <td className={td}>{e.awsRegion ?? "—"}</td>
                    <td className={`${td} font-mono text-xs`}>{e.sourceIp ?? "—"}</td>
                    <td className={`${td} max-w-xs truncate text-xs`} title={e.userAgent ?? undefined}>
                      {e.userAgent ?? "—"}
                    </td>
                    <td className={td}>{e.errorCode ?? "—"}</td>
                    <td className={td}>
                      {e.scanner && <Pill tone="neutral">scanner: {e.scanner}</Pill>}
                      {e.source === "credential-report" && <Pill tone="warn">credential report</Pill>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      )}
      <div className="mt-6">{rulesCard}</div>
    </>
  );
}
