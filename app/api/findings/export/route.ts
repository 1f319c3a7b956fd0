import { auditAs, route } from "@/lib/auth/server";
import { findingsExportQuery, queryFromSearchParams } from "@/lib/contracts/findings-list";
import { exportFormatter } from "@/lib/findings/export";
import { exportChunks } from "@/lib/findings-export";
import { log } from "@/lib/log";
import pkg from "@/package.json";

const BATCH = 10_000;

/**
 * The current filtered view, in the viewer's scope, as CSV, JSON or OCSF JSON lines, streamed one
 * batch at a time (a server cursor on PostgreSQL; never the whole result in memory). Reading data out is audited.
 */
export const GET = route(
  { needs: "viewer", query: findingsExportQuery, queryFrom: queryFromSearchParams },
  async ({ viewer, db, query }) => {
    const { format, sort, dir, ...filter } = query;
    const now = new Date();
    await auditAs(db, viewer, { action: "findings.export", outcome: "success", details: { format, filter } });
    const fmt = exportFormatter(format, { version: pkg.version });
    const chunks = exportChunks(
      db,
      viewer.scope,
      { filter, userId: viewer.user.id, now, sort, dir, batch: BATCH, format },
      { version: pkg.version },
    );
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
          log.error("findings export failed", { error: err });
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    const stamp = now.toISOString().slice(0, 19).replaceAll(":", "").replace("T", "-");
    return new Response(body, {
      headers: {
        "Content-Type": fmt.contentType,
        "Content-Disposition": `attachment; filename="posture-findings-${stamp}.${fmt.extension}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
