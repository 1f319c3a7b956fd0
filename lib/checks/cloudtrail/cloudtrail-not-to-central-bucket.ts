import { defineOrgCheck, type OrgCheckResult } from "../types";

export default defineOrgCheck({
  id: "cloudtrail_not_to_central_bucket",
  title: "Account's CloudTrail logs do not reach the central log archive",
  description:
    "No logging trail (the account's own or an organization trail) delivers this account's API activity to the central log-archive bucket, so its logs can be deleted by anyone who controls the account and are missing from organization-wide investigations.",
  severity: "high",
  service: "cloudtrail",
  scope: "organization",
  frameworks: [],
  remediation: {
    steps: [
      "Prefer an organization trail created in the management (or delegated administrator) account: it covers every member account.",
      "Otherwise create a multi-region trail in the account that delivers to the central log-archive bucket, and allow it in that bucket's policy.",
      "Set the log-archive bucket on the Settings page so Posture knows which bucket is central.",
    ],
    cli: "aws cloudtrail create-trail --name org-trail --s3-bucket-name LOG_ARCHIVE_BUCKET --is-multi-region-trail --is-organization-trail\naws cloudtrail start-logging --name org-trail",
    terraform:
      'resource "aws_cloudtrail" "org" {\n  name                  = "org-trail"\n  s3_bucket_name        = "LOG_ARCHIVE_BUCKET"\n  is_multi_region_trail = true\n  is_organization_trail = true\n  enable_logging        = true\n}',
  },
  requires: ["cloudTrails"],
  evaluate: ({ settings, accounts }) => {
    const bucket = settings.logArchiveBucket;
    const result = (
      accountId: string,
      status: OrgCheckResult["status"],
      evidence: Record<string, unknown>,
    ): OrgCheckResult => ({
      accountId,
      region: "global",
      resourceId: `${accountId}/cloudtrail-central-delivery`,
      resourceType: "AWS::::Account",
      status,
      evidence,
    });
    if (!bucket)
      return accounts.map((a) =>
        result(a.accountId, "not_applicable", {
          reason: "No central log-archive bucket is set (Settings → logArchiveBucket).",
        }),
      );

    // A member may not be able to read an organization trail's status; the owner's view of the same ARN counts.
    const loggingSeenByOwner = new Set(
      accounts.flatMap((a) =>
        (a.global?.cloudTrails ?? [])
          .filter((t) => t.ownerAccountId === a.accountId && t.isLogging === true)
          .map((t) => t.arn),
      ),
    );
    return accounts.flatMap((a) => {
      const trails = a.global?.cloudTrails;
      // Trails not read: nothing to say about this account.
      if (!trails) return [];
      const delivering = trails.filter(
        (t) => t.s3BucketName === bucket && (t.isLogging === true || loggingSeenByOwner.has(t.arn)),
      );
      // A trail to the right bucket whose logging state nobody could read (its owner was not
      // collected) leaves the question open: no verdict rather than a false failure.
      const ownerUnread = (t: (typeof trails)[number]) =>
        t.isLogging === null && !accounts.some((o) => o.accountId === t.ownerAccountId && o.global);
      const undecided = delivering.length === 0 && trails.some((t) => t.s3BucketName === bucket && ownerUnread(t));
      return [
        result(a.accountId, delivering.length > 0 ? "pass" : undecided ? "not_applicable" : "fail", {
          logArchiveBucket: bucket,
          deliveringTrails: delivering.map((t) => t.arn),
          trails: trails.map((t) => ({
            arn: t.arn,
            s3BucketName: t.s3BucketName ?? null,
            isLogging: t.isLogging,
            isOrganizationTrail: t.isOrganizationTrail,
          })),
        }),
      ];
    });
  },
});
