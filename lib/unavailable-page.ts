// The page the proxy answers while the database is down: a 503 with Retry-After that reloads itself, in
// the app's light and dark colours, with no script (the reload is a meta refresh) and no detail of the fault.

export const RETRY_AFTER_SECONDS = 5;

export function unavailablePage(nonce: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS}">
<title>Database not reachable · Posture</title>
<style nonce="${nonce}">
:root { color-scheme: light dark; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; font-family: ui-sans-serif, system-ui, sans-serif;
  background: #f8fafc; color: #0f172a; }
main { max-width: 28rem; padding: 2rem; text-align: center; }
h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 .5rem; }
p { margin: .5rem 0; color: #475569; font-size: .875rem; line-height: 1.5; }
.dot { display: inline-block; width: .5rem; height: .5rem; border-radius: 50%; background: #f59e0b; margin-right: .4rem; }
@media (prefers-color-scheme: dark) { body { background: #020617; color: #e2e8f0; } p { color: #94a3b8; } }
</style>
</head>
<body>
<main role="alert">
<h1>The database is not reachable</h1>
<p>Posture cannot reach its PostgreSQL database right now, so this page cannot be shown.</p>
<p><span class="dot"></span>This page retries every ${RETRY_AFTER_SECONDS} seconds and comes back by itself once the database answers.</p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
    },
  });
}
