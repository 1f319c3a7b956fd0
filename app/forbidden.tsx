import { Link } from "@/components/link";

/** 403: signed in, but the role does not reach this page. */
export default function Forbidden() {
  return (
    <div className="mx-auto mt-12 max-w-lg" data-testid="forbidden">
      <h1 className="text-2xl font-semibold tracking-tight">Not for your role</h1>
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
        This page needs a higher role than yours. The attempt was recorded. If you need it, ask an admin.
      </p>
      <Link
        href="/"
        className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
      >
        Back to the overview
      </Link>
    </div>
  );
}
