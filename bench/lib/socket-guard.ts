import diagnostics from "node:diagnostics_channel";
import type { Socket } from "node:net";

/**
 * Records every outgoing TCP connection this process makes (node's `net.client.socket` channel), so
 * the report can show the benchmark talked to nothing but the allowed endpoints.
 */
export function watchSockets(allowed: (address: string, port: number) => boolean) {
  const seen: { address: string; port: number }[] = [];
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    socket.once("connect", () => seen.push({ address: socket.remoteAddress ?? "?", port: socket.remotePort ?? 0 }));
  };
  diagnostics.subscribe("net.client.socket", onSocket);
  return {
    report: () => ({
      connections: seen.length,
      endpoints: [...new Set(seen.map((s) => `${s.address}:${s.port}`))],
      forbidden: [...new Set(seen.filter((s) => !allowed(s.address, s.port)).map((s) => `${s.address}:${s.port}`))],
    }),
    stop: () => diagnostics.unsubscribe("net.client.socket", onSocket),
  };
}
