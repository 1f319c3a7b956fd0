import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/auth/server";
import { getCollectionJob } from "@/lib/jobs";

/** Server mode: whether a worker took a "collect now" job yet, and the run it opened. Admins only. */
export const GET = route({ needs: "admin", params: z.object({ jobId: z.uuid() }) }, async ({ params }) => {
  const job = await getCollectionJob(params.jobId);
  if (!job) return NextResponse.json({ error: "no such collection request" }, { status: 404 });
  return NextResponse.json({ job }, { headers: { "Cache-Control": "no-store" } });
});
