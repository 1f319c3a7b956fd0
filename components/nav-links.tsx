"use client";

import { Link } from "./link";
import { usePathname } from "next/navigation";
import { useLinkStatus } from "next/link";
import type { Role } from "@/lib/domain/vocabulary";
import { icons } from "./icons";
import { navFor } from "./nav";

export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** A spinner beside a link while its page loads (pages render on the server, so navigation waits for data). */
function Pending() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden
      className={`ml-auto size-3 rounded-full border-2 border-indigo-500 border-t-transparent ${pending ? "animate-spin opacity-100" : "opacity-0"}`}
    />
  );
}

export function NavLinks({ role }: { role: Role }) {
  const pathname = usePathname();
  const items = navFor(role);
  // The most specific entry wins: /findings/mine lights "My findings", not "Findings" too.
  const current = items
    .filter((item) => isActive(pathname, item.href))
    .reduce<string | null>((best, item) => (best && best.length >= item.href.length ? best : item.href), null);
  return (
    <ul className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
      {items.map((item) => {
        const active = item.href === current;
        const Icon = icons[item.icon];
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-3 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium transition-colors ${
                active
                  ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300"
                  : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
              }`}
            >
              <Icon className="size-5 shrink-0" />
              {item.label}
              <Pending />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
