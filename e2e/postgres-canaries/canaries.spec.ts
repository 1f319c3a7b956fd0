import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
import { expect, test } from "@playwright/test";
import { mockClient } from "aws-sdk-client-mock";
import { createAwsFactory } from "../../lib/aws/factory";
import { LookupPacers, runCanaryCycle } from "../../lib/collector/canary";
import { runCloudTrailLookup } from "../../lib/collector/lookup";
import { latestLookup } from "../../lib/db/queries/lookups";
import { fakeOrganization } from "../../test/aws-fake";
import { userId, withDb } from "../fixtures/db";
import { loadSeed } from "../fixtures/seed";
import { statePath } from "../pages/auth";
import { Shell } from "../pages/shell";

// An admin registers a canary in the UI; the real canary job then runs in this process on the e2e
// database with CloudTrail, STS and EC2 mocked, so the finding and events come from the real writers.
// After the postgres project (playwright.config.ts): a tripped canary changes the admin's counts.
test.use({ storageState: statePath("admin") });

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const newKeyId = () =>
  `AKIA${Array.from({ length: 16 }, () => BASE32[Math.floor(Math.random() * BASE32.length)]).join("")}`;

function trailEvent(
  id: string,
  key: string,
  at: Date,
  over: { name: string; source: string; agent: string; ip: string; error?: string },
): Event {
  return {
    EventId: id,
    EventName: over.name,
    EventSource: over.source,
    EventTime: at,
    AccessKeyId: key,
    Username: "ci-canary",
    CloudTrailEvent: JSON.stringify({
      sourceIPAddress: over.ip,
      userAgent: over.agent,
      ...(over.error ? { errorCode: over.error } : {}),
      userIdentity: { type: "IAMUser", userName: "ci-canary", accessKeyId: key },
    }),
  };
}

// The collector's settings as lib/collector/settings.ts builds them, without its check-settings loader.
const settings = {
  homeRegion: "us-east-1",
  roleName: "PostureAuditRole",
  roleOverrides: {},
  callTimeoutMs: 10_000,
  maxAttempts: 3,
};

test("a registered canary trips after the canary job reads CloudTrail, and its key is investigated", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const seed = loadSeed();
  const account = seed.unassigned.accounts[0]!;
  const key = newKeyId();
  const label = `e2e canary ${key.slice(-6)}`;
  const shell = new Shell(page);

  await shell.open("/canaries", "Canaries");
  await page.getByRole("button", { name: "Register a canary" }).click();
  const form = page.getByRole("form", { name: "Register a canary" });
  await form.getByLabel("Access key id").fill(key.toLowerCase());
  await form.getByLabel("Label").fill(label);
  await form.getByLabel("Owning account").fill(account.id);
  await form.getByLabel("IAM user").fill("ci-canary");
  await form.getByLabel("System (optional)").fill("GitHub Actions");
  await form.getByLabel("Environment planted in").selectOption("dev");
  await form.getByRole("button", { name: "Register", exact: true }).click();
  const row = page.getByTestId(`canary-${key}`);
  await expect(row).toContainText(label);
  await expect(row).toContainText("not checked");

  // The canary job: the key used a minute ago from a scanner, then from aws-cli in another region.
  const fake = fakeOrganization([{ id: account.id, name: account.name, regions: ["us-east-1", "eu-west-1"] }]);
  const cloudtrail = mockClient(CloudTrailClient);
  const used = new Date(Date.now() - 60_000);
  const byRegion: Record<string, Event[]> = {
    "us-east-1": [
      trailEvent(`e2e-${key}-1`, key, used, {
        name: "GetCallerIdentity",
        source: "sts.amazonaws.com",
        agent: "TruffleHog",
        ip: "192.0.2.10",
      }),
    ],
    "eu-west-1": [
      trailEvent(`e2e-${key}-2`, key, new Date(used.getTime() + 1000), {
        name: "ListBuckets",
        source: "s3.amazonaws.com",
        agent: "aws-cli/2.15.0",
        ip: "198.51.100.7",
        error: "AccessDenied",
      }),
      trailEvent(`e2e-${key}-3`, key, new Date(used.getTime() + 2000), {
        name: "GetSendQuota",
        source: "ses.amazonaws.com",
        agent: "aws-cli/2.15.0",
        ip: "198.51.100.7",
        error: "AccessDenied",
      }),
    ],
  };
  cloudtrail.on(LookupEventsCommand).callsFake(async (input, getClient) => {
    const region = await (getClient() as unknown as { config: { region: () => Promise<string> } }).config.region();
    const asked = input.LookupAttributes?.[0]?.AttributeValue;
    return {
      Events: (byRegion[region] ?? []).filter(
        (e) => e.AccessKeyId === asked && e.EventTime! >= input.StartTime! && e.EventTime! < input.EndTime!,
      ),
    };
  });
  try {
    const cycle = await withDb((db) =>
      runCanaryCycle({
        db,
        aws: createAwsFactory(settings),
        settings,
        pacers: new LookupPacers(),
        accountIds: [account.id],
      }),
    );
    expect(cycle).toMatchObject({ tripped: [key], notChecked: 0, throttled: 0 });
  } finally {
    cloudtrail.restore();
    fake.restore();
  }

  await page.reload();
  await expect(row).toContainText("tripped");
  await expect(row).toContainText("1 of 3 calls from a secret scanner");

  await row.getByRole("link", { name: key }).click();
  await expect(page).toHaveURL(new RegExp(`/investigate\\?q=${key}`));
  const table = page.getByRole("table", { name: `Activity of ${key}` });
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table).toContainText("TruffleHog");

  const filters = page.getByRole("form", { name: "Filter events" });
  await filters.getByLabel("Region").selectOption("eu-west-1");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/region=eu-west-1/);
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table).not.toContainText("TruffleHog");

  const download = page.waitForEvent("download");
  await filters.getByRole("link", { name: "Export CSV" }).click();
  const csv = (await (await download).createReadStream())
    .toArray()
    .then((chunks) => Buffer.concat(chunks as Buffer[]).toString("utf8"));
  const lines = (await csv).trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    "time,user_name,access_key_id,account_id,region,service,action,source_ip,user_agent,error_code,principal_arn,event_id",
  );
  const rows = lines.slice(1).map((l) => l.split(","));
  expect(rows.map((r) => [r[2], r[3], r[4], r[6], r[7], r[9]])).toEqual([
    [key, account.id, "eu-west-1", "ListBuckets", "198.51.100.7", "AccessDenied"],
    [key, account.id, "eu-west-1", "GetSendQuota", "198.51.100.7", "AccessDenied"],
  ]);
});

test("an on-demand lookup reads CloudTrail in every account, stores the events and names what it missed", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const user = `leaky-${Date.now().toString(36)}`;
  const shell = new Shell(page);
  await shell.open(`/investigate?q=${user}`, "Investigate");
  await expect(page.getByText(`No stored activity for ${user}`)).toBeVisible();
  const lookup = page.getByRole("region", { name: "CloudTrail lookup" });
  await lookup.getByLabel("Days back (1–90)").fill("3");
  await lookup.getByRole("button", { name: "Look up in CloudTrail" }).click();
  await expect(lookup.getByTestId("lookup-progress")).toContainText("Reading CloudTrail");

  // The job a worker would take, run here on the e2e database with CloudTrail mocked.
  const stored = (await withDb(async (db) => latestLookup(db, { subject: user, userId: await userId(db, "admin") })))!;
  expect(stored).toMatchObject({ attribute: "Username", days: 3, status: "queued" });
  const [denied, ...readable] = stored.accountIds;
  const fake = fakeOrganization(stored.accountIds.map((id) => ({ id, name: id, regions: ["us-east-1", "eu-west-1"] })));
  const cloudtrail = mockClient(CloudTrailClient);
  cloudtrail.on(LookupEventsCommand).callsFake(async (_input, getClient) => {
    const client = getClient() as unknown as {
      config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> };
    };
    const region = await client.config.region();
    const account = (await client.config.credentials()).accessKeyId.replace(/^ASIA/, "");
    if (account === denied)
      throw Object.assign(new Error("not authorized to perform: cloudtrail:LookupEvents"), {
        name: "AccessDeniedException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      });
    if (account !== readable[0] || region !== "eu-west-1") return { Events: [] };
    return {
      Events: [
        trailEvent(`e2e-${user}-1`, "AKIAEXAMPLEE2ELOOKUP", new Date(Date.now() - 3_600_000), {
          name: "GetSendQuota",
          source: "ses.amazonaws.com",
          agent: "Boto3/1.34.0",
          ip: "203.0.113.50",
        }),
      ].map((e) => ({ ...e, Username: user })),
    };
  });
  try {
    await withDb((db) =>
      runCloudTrailLookup({ db, aws: createAwsFactory(settings), settings, pacers: new LookupPacers() }, stored.id),
    );
  } finally {
    cloudtrail.restore();
    fake.restore();
  }

  // The page polls the lookup, then reloads with what it stored.
  await expect(lookup.getByTestId("lookup-progress")).toContainText(
    `Done: 1 event read from ${stored.accountIds.length} accounts over 3 days.`,
  );
  await expect(lookup).toContainText("Partial result");
  await expect(lookup).toContainText(`${denied} us-east-1: access denied`);
  const table = page.getByRole("table", { name: `Activity of ${user}` });
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("GetSendQuota");
  await expect(table).toContainText("203.0.113.50");
  if (process.env.E2E_SCREENSHOT_DIR)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/investigate-lookup-done.png`, fullPage: true });
});
