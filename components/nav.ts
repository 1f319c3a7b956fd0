import type { Role } from "@/lib/domain/vocabulary";
import { hasRole } from "@/lib/auth/roles";
import type { IconName } from "./icons";

/** The shell's navigation, in display order. The e2e suite visits every entry. */
export const navItems = [
  { href: "/", label: "Overview", icon: "overview" },
  { href: "/accounts", label: "Accounts", icon: "accounts" },
  { href: "/findings", label: "Findings", icon: "findings" },
  { href: "/findings/mine", label: "My findings", icon: "findings" },
  { href: "/checks", label: "Checks", icon: "checks" },
  { href: "/compliance", label: "Compliance", icon: "compliance" },
  { href: "/guardduty", label: "GuardDuty", icon: "guardduty" },
  { href: "/costs", label: "Costs", icon: "costs" },
  { href: "/trends", label: "Trends", icon: "trends" },
  { href: "/timeline", label: "Timeline", icon: "timeline" },
  { href: "/changes", label: "What changed", icon: "changes" },
  { href: "/canaries", label: "Canaries", icon: "canaries" },
  { href: "/investigate", label: "Investigate", icon: "investigate" },
  { href: "/runs", label: "Collection runs", icon: "runs", role: "admin" },
  { href: "/settings", label: "Settings", icon: "settings", role: "admin" },
] as const satisfies readonly { href: string; label: string; icon: IconName; role?: Role }[];

/** Entries a role sees. Only navigation: every page checks the role on the server itself. */
export function navFor(role: Role) {
  return navItems.filter((item) => !("role" in item) || hasRole(role, item.role));
}
