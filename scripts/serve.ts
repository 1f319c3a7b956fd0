// The production web server: Next.js in this process behind lib/auth/http-front.ts (docs/security.md).
// `npm start` bundles this file and runs it with plain node (scripts/start.ts); so does the e2e run.
import next from "next";
import { createFrontHandler, createFrontServer } from "../lib/auth/http-front";
import { env, publicUrl } from "../lib/env";
import { log } from "../lib/log";

const app = next({ dev: false, dir: process.cwd(), hostname: env.HOST, port: env.PORT });
await app.prepare();
const options = {
  trustedProxies: env.AUTH_TRUSTED_PROXIES,
  https: publicUrl.startsWith("https://"),
  onError: (error: unknown) => log.error("request failed", { error }),
};
const front = createFrontHandler(app.getRequestHandler(), options);
// At debug level, one line per request with the server's time to its last byte (bench:load reads them).
const handler: typeof front =
  env.LOG_LEVEL === "debug"
    ? (request, response) => {
        const started = performance.now();
        response.once("finish", () =>
          log.debug("request", {
            method: request.method,
            path: (request.url ?? "").split("?")[0],
            status: response.statusCode,
            ms: Math.round((performance.now() - started) * 10) / 10,
          }),
        );
        return front(request, response);
      }
    : front;
const server = createFrontServer(handler, options);
server.listen(env.PORT, env.HOST, () => console.log(`Listening on ${env.HOST}:${env.PORT}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
