import { DescribeRegionsCommand, type EC2Client } from "@aws-sdk/client-ec2";

/** Regions the account can use: enabled by default or opted in. Disabled opt-in regions are left out. */
export async function listEnabledRegions(ec2: EC2Client): Promise<string[]> {
  const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  return (out.Regions ?? [])
    .filter(
      (r) =>
        r.RegionName &&
        (r.OptInStatus === undefined || r.OptInStatus === "opt-in-not-required" || r.OptInStatus === "opted-in"),
    )
    .map((r) => r.RegionName!)
    .sort();
}
