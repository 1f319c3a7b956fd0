export async function register() {
  // Open the database and apply migrations before the first request, so a bad DATABASE_URL or a
  // failed migration stops the server at boot with a clear message instead of on a page view.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getDatabase } = await import("./lib/db");
    const { log } = await import("./lib/log");
    const { mode } = await getDatabase();
    log.info("database ready", { mode });
  }
}
