import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getRun } from "@/lib/db/queries/collection";

const params = z.object({ id: z.uuid() });

/** A run's progress for the live progress bar. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) {
    return NextResponse.json({ error: "invalid run id", fields: z.flattenError(parsed.error).fieldErrors }, { status: 422 });
  }
  const run = await getRun(await getDb(), parsed.data.id);
  if (!run) return NextResponse.json({ error: "run not found" }, { status: 404 });
  const { id, status, accountsDone, accountsTotal, unitsDone, unitsTotal, unitsFailed, apiCalls, throttledCalls, errorMessage } = run;
  return NextResponse.json(
    { run: { id, status, accountsDone, accountsTotal, unitsDone, unitsTotal, unitsFailed, apiCalls, throttledCalls, errorMessage } },
    { headers: { "Cache-Control": "no-store" } },
  );
}
