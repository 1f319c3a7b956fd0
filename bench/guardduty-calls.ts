// `npm run bench:guardduty`: GuardDuty API calls per collection for an organization, counted by running
// the real readers (lib/aws/guardduty) against aws-sdk-client-mock, with and without a delegated
// administrator, first run and incremental. Each figure is printed beside the closed-form bound it must meet.
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListMalwareProtectionPlansCommand,
  ListOrganizationAdminAccountsCommand,
} from "@aws-sdk/client-guardduty";
import { mockClient } from "aws-sdk-client-mock";
import type { AccountClients } from "@/lib/aws/factory";
import type { CollectContext } from "@/lib/aws/inventory";
import { guarddutyReaders } from "@/lib/aws/guardduty/readers";

const num = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ACCOUNTS = num("accounts", 50);
const REGIONS = num("regions", 17);
/** Findings each account has in each region on the first run, and how many change before the next. */
const FINDINGS = num("findings", 20);
const CHANGED = num("changed", 2);

const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => String(100000000000 + i));
const regions = Array.from({ length: REGIONS }, (_, i) => `xx-region-${i + 1}`);
const MANAGEMENT = accountIds[0]!;
const ADMIN = accountIds[1]!;

type Scenario = { delegated: boolean; incremental: boolean };

async function countCalls({ delegated, incremental }: Scenario) {
  const gd = mockClient(GuardDutyClient);
  const caller = async (getClient: () => unknown) => {
    const c = getClient() as GuardDutyClient;
    const [creds, region] = await Promise.all([c.config.credentials(), c.config.region()]);
    return { account: creds.accessKeyId, region };
  };
  // A detector's findings: its own, or every member's when it is the administrator.
  const held = (account: string) =>
    (delegated ? (account === ADMIN ? ACCOUNTS : 0) : 1) * (incremental ? CHANGED : FINDINGS);
  gd.on(ListDetectorsCommand).resolves({ DetectorIds: ["det"] });
  gd.on(GetDetectorCommand).resolves({ Status: "ENABLED", ServiceRole: "r", Features: [] });
  gd.on(GetAdministratorAccountCommand).callsFake(async (_i, getClient) => {
    const { account } = await caller(getClient);
    return delegated && account !== ADMIN ? { Administrator: { AccountId: ADMIN, RelationshipStatus: "Enabled" } } : {};
  });
  gd.on(ListMalwareProtectionPlansCommand).resolves({ MalwareProtectionPlans: [] });
  gd.on(ListOrganizationAdminAccountsCommand).resolves({
    AdminAccounts: delegated ? [{ AdminAccountId: ADMIN, AdminStatus: "ENABLED" }] : [],
  });
  gd.on(ListFindingsCommand).callsFake(async (input: { MaxResults: number; NextToken?: string }, getClient) => {
    const n = held((await caller(getClient)).account);
    const start = Number(input.NextToken ?? 0);
    const ids = Array.from({ length: Math.min(input.MaxResults, n - start) }, (_, i) => `f${start + i}`);
    return { FindingIds: ids, NextToken: start + input.MaxResults < n ? String(start + input.MaxResults) : "" };
  });
  gd.on(GetFindingsCommand).resolves({ Findings: [] });

  const since = incremental ? new Date(Date.now() - 86_400_000).toISOString() : undefined;
  for (const account of accountIds) {
    for (const region of regions) {
      const client = new GuardDutyClient({ region, credentials: { accessKeyId: account, secretAccessKey: "x" } });
      const ctx: CollectContext = {
        clients: { client: () => client } as unknown as AccountClients,
        accountId: account,
        region,
        homeRegion: regions[0]!,
        signal: new AbortController().signal,
        isManagement: account === MANAGEMENT,
        resume: {
          collectedAccounts: accountIds,
          guardDutyFindingsSince: since ? { [`${region}/det`]: since } : {},
        },
      };
      await Promise.all(guarddutyReaders.map((r) => r.collect(ctx)));
    }
  }
  const byCommand: Record<string, number> = {};
  for (const call of gd.calls()) {
    const name = (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, "");
    byCommand[name] = (byCommand[name] ?? 0) + 1;
  }
  gd.restore();
  return { total: gd.calls().length, byCommand };
}

/** The calls the design allows: 4 coverage calls per unit, 1 per region in the management account, findings pages. */
function bound({ delegated, incremental }: Scenario) {
  const perReader = incremental ? CHANGED : FINDINGS;
  const pages = (n: number) => Math.max(1, Math.ceil(n / 50)) + Math.ceil(n / 50);
  const coverage = ACCOUNTS * REGIONS * 4 + REGIONS;
  const findings = delegated ? REGIONS * pages(ACCOUNTS * perReader) : ACCOUNTS * REGIONS * pages(perReader);
  return coverage + findings;
}

const scenarios: (Scenario & { name: string })[] = [
  { name: "per account, first run", delegated: false, incremental: false },
  { name: "per account, incremental", delegated: false, incremental: true },
  { name: "delegated administrator, first run", delegated: true, incremental: false },
  { name: "delegated administrator, incremental", delegated: true, incremental: true },
];
const results: Record<string, unknown> = {};
let ok = true;
console.log(
  `GuardDuty API calls per collection: ${ACCOUNTS} accounts × ${REGIONS} regions, ${FINDINGS} findings per account and region, ${CHANGED} changed between runs`,
);
for (const s of scenarios) {
  const counted = await countCalls(s);
  const expected = bound(s);
  ok &&= counted.total <= expected;
  console.log(
    `${s.name.padEnd(40)} ${String(counted.total).padStart(7)} calls (bound ${expected})  ${JSON.stringify(counted.byCommand)}`,
  );
  results[s.name] = { calls: counted.total, bound: expected, byCommand: counted.byCommand };
}
console.log(
  JSON.stringify({
    bench: "guardduty-calls",
    accounts: ACCOUNTS,
    regions: REGIONS,
    findings: FINDINGS,
    changed: CHANGED,
    ok,
    results,
  }),
);
if (!ok) process.exit(1);
