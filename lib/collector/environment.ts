import type { Environment } from "@/lib/domain/vocabulary";

// Name patterns, checked in this order so "prod-staging-mirror" is prod and "dev-tools" is dev.
const PATTERNS: [Environment, RegExp][] = [
  ["prod", /(^|[^a-z])(prod|production|prd)([^a-z]|$)/i],
  ["staging", /(^|[^a-z])(stag|stage|staging|stg|preprod|uat)([^a-z]|$)/i],
  ["dev", /(^|[^a-z])(dev|development|sandbox|sbx|test)([^a-z]|$)/i],
];

function fromText(text: string | undefined): Environment | undefined {
  if (!text) return undefined;
  return PATTERNS.find(([, re]) => re.test(text))?.[0];
}

/**
 * An account's environment: its environment tag if it names one, else the nearest OU whose name
 * does, else its account name, else "other".
 */
export function classifyEnvironment(
  account: { name: string; tags: Record<string, string>; ouPath?: string },
  tagKey: string,
): Environment {
  const tag = Object.entries(account.tags).find(([k]) => k.toLowerCase() === tagKey.toLowerCase())?.[1];
  const byTag = fromText(tag);
  if (byTag) return byTag;
  const ous = (account.ouPath ?? "").split("/").slice(1).reverse();
  for (const ou of ous) {
    const byOu = fromText(ou);
    if (byOu) return byOu;
  }
  return fromText(account.name) ?? "other";
}
