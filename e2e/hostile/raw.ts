import { connect } from "node:net";

/** What Playwright cannot send: requests Node's parser itself refuses, written on a socket. */
export const RAW_REQUESTS: { label: string; request: string; status: number }[] = [
  {
    label: "headers over 16 KB",
    request: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    status: 431,
  },
  { label: "unknown method", request: "FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", status: 400 },
  { label: "CONNECT", request: "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n", status: 405 },
  { label: "NUL in the request line", request: "GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n", status: 400 },
  { label: "TRACE", request: "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", status: 405 },
];

/** Sends raw bytes to host:port and reads the answer's status and headers. */
export function sendRaw(url: string, request: string): Promise<{ status: number; headers: Map<string, string> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = "";
    socket.setTimeout(30_000, () => socket.destroy(new Error("no answer in 30 s")));
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      const end = data.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      if (end >= 0 && length !== undefined && data.length >= end + 4 + Number(length)) socket.destroy();
    });
    socket.on("error", (error) => (data ? undefined : reject(error)));
    socket.on("close", () => {
      const [statusLine, ...lines] = (data.split("\r\n\r\n", 1)[0] ?? "").split("\r\n");
      const headers = new Map(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()] as const),
      );
      resolve({ status: Number(statusLine?.split(" ")[1] ?? 0), headers });
    });
    socket.write(request);
  });
}

/** The raw requests' problems, as the suite reports them. */
export async function rawProblems(url: string): Promise<string[]> {
  const problems: string[] = [];
  for (const { label, request, status } of RAW_REQUESTS) {
    const answer = await sendRaw(url, request);
    if (answer.status !== status) problems.push(`${label}: answered ${answer.status}, expected ${status}`);
    for (const [name, value] of [
      ["x-content-type-options", "nosniff"],
      ["x-frame-options", "DENY"],
      ["referrer-policy", "strict-origin-when-cross-origin"],
    ])
      if (answer.headers.get(name!) !== value) problems.push(`${label}: no ${name}: ${value}`);
    if (!/frame-ancestors 'none'/.test(answer.headers.get("content-security-policy") ?? ""))
      problems.push(`${label}: no Content-Security-Policy`);
  }
  return problems;
}
