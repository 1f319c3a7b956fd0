// `npm start`: builds when the sources changed since the last build, then serves the production
// build on HOST:PORT (127.0.0.1:3000 by default: the dashboard holds security data) through
// scripts/serve.ts, bundled and run with plain node.
import { spawn } from "node:child_process";
import { env } from "../lib/env";
import { ensureBuild } from "./lib/build";
import { bundleServer, SERVER_BUNDLE } from "./lib/bundle";

ensureBuild();
await bundleServer();

console.log(
  env.DATABASE_URL
    ? "Database: PostgreSQL (DATABASE_URL)"
    : `Database: embedded PGlite under ${env.POSTURE_DATA_DIR}/ (set DATABASE_URL to use a PostgreSQL server)`,
);
console.log(`Posture: http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`);

const server = spawn(process.execPath, [SERVER_BUNDLE], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
