"use client";

import { Button } from "@/components/ui";

// Users see a generic message and a reference; the detail stays in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        This page could not be loaded. Try again; if it keeps failing, give your administrator this reference.
      </p>
      {error.digest && <p className="mt-2 font-mono text-xs text-slate-500">ref {error.digest}</p>}
      <Button variant="primary" size="lg" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
