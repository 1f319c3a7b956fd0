export async function register() {
  // Open the database and apply migrations before the first request, so a bad DATABASE_URL or a
  // failed migration stops the server at boot with a clear message instead of on a page view.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getDatabase } = await import("./lib/db");
    const { env, publicUrl } = await import("./lib/env");
    const { log } = await import("./lib/log");
    const { db, mode } = await getDatabase();
    log.info("database ready", { mode });
    // Sign-in must be able to work before the first visitor arrives: fail now on a missing secret.
    const { authSecret } = await import("./lib/auth/secret");
    authSecret();
    // Ended sessions are kept 30 days for investigation, then deleted.
    const { pruneSessions } = await import("./lib/db/queries/sessions");
    await pruneSessions(db, new Date(), 30 * 24 * 3_600_000);
    const { ensureLocalAdmin, localAdminBanner } = await import("./lib/auth/local-admin");
    const password = await ensureLocalAdmin(db);
    // Printed once, to the console only; the JSON log never carries it and the database holds its hash.
    if (password) process.stdout.write(`\n${localAdminBanner(password, publicUrl)}\n\n`);
    // The catalogue is code; the checks table mirrors it so pages can list it before any run.
    const { allChecks } = await import("./lib/checks/registry");
    const { catalogRows } = await import("./lib/checks/catalog-rows");
    const { syncCheckCatalog } = await import("./lib/db/queries/collection");
    await syncCheckCatalog(db, catalogRows(allChecks));
    // Embedded mode collects inside this process; server mode leaves collection to `npm run worker`.
    if (mode === "embedded") {
      const { startInProcessCollector } = await import("./lib/collector/in-process");
      await startInProcessCollector(db, env);
    }
  }
}
