/**
 * The fastest any collector could finish this simulated organization, given the service's token
 * buckets, the minimum latency and the engine's concurrency settings. Every term is a true lower
 * bound (an ideal scheduler with zero client overhead, no throttling and no database time).
 */
export type BoundInput = {
  accounts: number;
  regions: number;
  /** DescribeSecurityGroups pages per region: sequential calls (each needs the previous NextToken). */
  pages: number;
  burst: number;
  refillPerSecond: number;
  latencyMinMs: number;
  accountConcurrency: number;
  regionConcurrency: number;
  /** Organizations list page size, OU sizes, and the engine's ListTagsForResource workers. */
  listPageSize: number;
  ouSizes: number[];
  tagConcurrency: number;
};

export type Bound = {
  callsPerAccount: number;
  tokenSeconds: number;
  latencySeconds: number;
  perAccountSeconds: number;
  waves: number;
  discoverySeconds: number;
  collectSeconds: number;
  totalSeconds: number;
  explain: string[];
};

export function lowerBound(i: BoundInput): Bound {
  const L = i.latencyMinMs / 1000;
  const pages = (n: number) => Math.max(1, Math.ceil(n / i.listPageSize));
  // Per account, C bucketed calls: DescribeRegions, GetAccountSummary, GetPublicAccessBlock, R × pages.
  const C = 3 + i.regions * i.pages;
  // Tokens: the bucket holds B at the first bucketed call and refills at r/s, so the C-th call cannot
  // start before (C − B)/r after the first one. Before the first: AssumeRole (≥ L); after the last: its own latency (≥ L).
  const tokenSeconds = C > i.burst ? L + (C - i.burst) / i.refillPerSecond + L : 0;
  // Latency: AssumeRole → DescribeRegions → units. A region's pages are sequential (pages × L); with P
  // units in flight the R equal regional units need ceil(R/P) rounds (the short global unit is left out).
  const latencySeconds = 2 * L + Math.ceil(i.regions / i.regionConcurrency) * i.pages * L;
  const perAccountSeconds = Math.max(tokenSeconds, latencySeconds);
  // Accounts are alike and hold one of A slots for at least T each: ceil(N/A) waves.
  const waves = Math.ceil(i.accounts / i.accountConcurrency);
  const collectSeconds = waves * perAccountSeconds;
  // Discovery (hub calls, no bucket) as describeOrg runs it: the organization ‖ the account list ‖ the
  // sequential OU walk. Tags are read as each page of the list arrives, T at once, so they end no earlier
  // than ceil(N/T) rounds after the first page, nor than the last page's own rounds after that page.
  const ouWalk = 1 + 2 + i.ouSizes.reduce((s, n) => s + pages(n) + 1, 0);
  const listPages = pages(i.accounts);
  const lastPage = i.accounts - (listPages - 1) * i.listPageSize;
  const tagChain = Math.max(
    1 + Math.ceil(i.accounts / i.tagConcurrency),
    listPages + Math.ceil(lastPage / i.tagConcurrency),
  );
  const discoveryCalls = Math.max(tagChain, ouWalk);
  const discoverySeconds = discoveryCalls * L;
  const f = (x: number) => x.toFixed(2);
  return {
    callsPerAccount: C,
    tokenSeconds,
    latencySeconds,
    perAccountSeconds,
    waves,
    discoverySeconds,
    collectSeconds,
    totalSeconds: discoverySeconds + collectSeconds,
    explain: [
      `C = 3 + R×pages = 3 + ${i.regions}×${i.pages} = ${C} bucketed calls per account (DescribeRegions, GetAccountSummary, GetPublicAccessBlock, DescribeSecurityGroups pages)`,
      `token bound    = Lmin + (C − burst)/refill + Lmin = ${L} + (${C} − ${i.burst})/${i.refillPerSecond} + ${L} = ${f(tokenSeconds)} s`,
      `latency bound  = 2·Lmin + ceil(R/P)·pages·Lmin = ${2 * L} + ceil(${i.regions}/${i.regionConcurrency})·${i.pages}·${L} = ${f(latencySeconds)} s`,
      `per account T  = max(token, latency) = ${f(perAccountSeconds)} s`,
      `collection     = ceil(N/A)·T = ceil(${i.accounts}/${i.accountConcurrency})·${f(perAccountSeconds)} = ${f(collectSeconds)} s`,
      `discovery      = Lmin·max(OU walk ${ouWalk}, tags max(1 + ceil(N/${i.tagConcurrency}), ${listPages} pages + ceil(${lastPage}/${i.tagConcurrency}))) = ${f(discoverySeconds)} s`,
      `lower bound    = discovery + collection = ${f(discoverySeconds + collectSeconds)} s`,
    ],
  };
}
