import { Link } from "@/components/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        The page does not exist, or you followed an old link.
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
