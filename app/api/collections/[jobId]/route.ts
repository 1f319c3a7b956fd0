import { route } from "@/lib/auth/server";
import { collectionsApi } from "@/lib/contracts/collections";
import { problem } from "@/lib/contracts/errors";
import { getCollectionJob } from "@/lib/jobs";

/** Server mode: whether a worker took a "collect now" job yet, and the run it opened. Admins only. */
export const GET = route({ contract: collectionsApi.job, needs: "admin" }, async ({ params }) => {
  const job = await getCollectionJob(params.jobId);
  return job ? { job } : problem("not-found", "no such collection request");
});
