import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";
import { demoStatus, getDemoState } from "@/lib/db/queries/demo";
import { checkDatabase } from "@/lib/db/queries/health";
import { log } from "@/lib/log";

// Public on purpose (load balancers and uptime probes call it); it reveals no account data.
export async function GET() {
  const headers = { "Cache-Control": "no-store" };
  try {
    const { db, mode } = await getDatabase();
    const [database, demo] = await Promise.all([checkDatabase(db), getDemoState(db)]);
    const ok = database.migrations.upToDate;
    return NextResponse.json(
      { status: ok ? "ok" : "degraded", database: { mode, ...database }, demo: demoStatus(demo) },
      { status: ok ? 200 : 503, headers },
    );
  } catch (err) {
    log.error("health check failed", { err });
    return NextResponse.json({ status: "error", database: { reachable: false } }, { status: 503, headers });
  }
}
