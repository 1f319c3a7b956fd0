import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import type { CollectContext, InventoryReader } from "../inventory";
import { listGuardDutyDetectors, listOrganizationAdmins, readGuardDutyFindings } from "./guardduty";
import type { GuardDutyDetector, GuardDutyFindingsRead } from "./types";

// Both readers need the detector listing; the unit's signal is unique per unit run, so keying on it
// shares one listing between them without leaking across runs.
const listings = new WeakMap<AbortSignal, Promise<GuardDutyDetector[]>>();
function detectorsOnce({ clients, region, signal }: CollectContext): Promise<GuardDutyDetector[]> {
  let listing = listings.get(signal);
  if (!listing)
    listings.set(signal, (listing = listGuardDutyDetectors(clients.client(GuardDutyClient, region), signal)));
  return listing;
}

/**
 * A region's findings: read from this account's detector, unless another collected account
 * administers it (a delegated administrator reads every member's findings in one place).
 */
export async function collectGuardDutyFindings(ctx: CollectContext, now = new Date()): Promise<GuardDutyFindingsRead> {
  const detector = (await detectorsOnce(ctx))[0];
  const readAt = now.toISOString();
  const none = { listFindings: 0, getFindings: 0 };
  if (!detector) return { mode: "no-detector", readAt, findings: [], calls: none };
  const admin = detector.administrator;
  if (
    admin &&
    admin.accountId !== ctx.accountId &&
    admin.relationship.toLowerCase() === "enabled" &&
    ctx.resume?.collectedAccounts?.includes(admin.accountId)
  )
    return {
      mode: "delegated",
      detectorId: detector.detectorId,
      administratorAccountId: admin.accountId,
      readAt,
      findings: [],
      calls: none,
    };
  const since = ctx.resume?.guardDutyFindingsSince?.[`${ctx.region}/${detector.detectorId}`];
  return readGuardDutyFindings(ctx.clients.client(GuardDutyClient, ctx.region), {
    detectorId: detector.detectorId,
    since: since ? new Date(since) : undefined,
    now,
    signal: ctx.signal,
  });
}

export const guarddutyReaders: InventoryReader[] = [
  { key: "guardDutyDetectors", scope: "regional", collect: (ctx) => detectorsOnce(ctx) },
  {
    key: "guardDutyOrganization",
    scope: "regional",
    collect: async (ctx) =>
      ctx.isManagement
        ? {
            managementAccount: true,
            delegatedAdministrators: await listOrganizationAdmins(
              ctx.clients.client(GuardDutyClient, ctx.region),
              ctx.signal,
            ),
          }
        : { managementAccount: false, delegatedAdministrators: [] },
  },
  { key: "guardDutyFindings", scope: "regional", collect: (ctx) => collectGuardDutyFindings(ctx) },
];
