import { Link } from "./link";
import type { Role } from "@/lib/domain/vocabulary";

const roleLabel: Record<Role, string> = { admin: "Admin", triager: "Triager", viewer: "Viewer" };

/** Who is signed in, their role, their sessions, and sign-out (a plain form post: works without JavaScript). */
export function UserMenu({
  email,
  name,
  role,
  local,
}: {
  email: string;
  name: string | null;
  role: Role | null;
  local: boolean;
}) {
  return (
    <div className="border-t border-slate-200 px-5 py-4 text-sm dark:border-slate-800" data-testid="user-menu">
      <p className="truncate font-medium" title={email}>
        {name ?? email}
      </p>
      {name && (
        <p className="truncate text-xs text-slate-500 dark:text-slate-400" title={email}>
          {email}
        </p>
      )}
      <p className="mt-1 text-xs">
        <span
          data-testid="user-role"
          className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300"
        >
          {role ? roleLabel[role] : "No role"}
        </span>
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2">
        <Link href="/account/sessions" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Your sessions
        </Link>
        {local && (
          <Link href="/account/password" className="text-indigo-700 hover:underline dark:text-indigo-300">
            Password
          </Link>
        )}
        <form action="/api/account/sign-out" method="post">
          <button
            type="submit"
            className="text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-400 dark:hover:text-slate-100"
          >
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
