import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/auth/server";
import { getRun } from "@/lib/db/queries/collection";

/** A run's progress for the live progress bar. Runs span the whole organization: admins only. */
export const GET = route({ needs: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, params }) => {
  const run = await getRun(db, params.id);
  if (!run) return NextResponse.json({ error: "run not found" }, { status: 404 });
  const {
    id,
    status,
    accountsDone,
    accountsTotal,
    unitsDone,
    unitsTotal,
    unitsFailed,
    apiCalls,
    throttledCalls,
    errorMessage,
  } = run;
  return NextResponse.json(
    {
      run: {
        id,
        status,
        accountsDone,
        accountsTotal,
        unitsDone,
        unitsTotal,
        unitsFailed,
        apiCalls,
        throttledCalls,
        errorMessage,
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
