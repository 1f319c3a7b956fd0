import net from "node:net";

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;

/**
 * Records every outgoing TCP connection this process makes, by wrapping net.Socket#connect (which
 * net.connect, pg and every HTTP agent go through), so the report can show the benchmark talked to
 * nothing but the allowed endpoints. The simulated AWS itself never opens a socket.
 */
export function watchSockets(allowed: (address: string, port: number) => boolean) {
  const seen: { address: string; port: number }[] = [];
  const proto = net.Socket.prototype as unknown as { connect: Connect };
  const original = proto.connect;
  proto.connect = function (this: net.Socket, ...args: unknown[]) {
    this.once("connect", () => seen.push({ address: this.remoteAddress ?? "?", port: this.remotePort ?? 0 }));
    return original.apply(this, args);
  };
  return {
    report: () => ({
      connections: seen.length,
      endpoints: [...new Set(seen.map((s) => `${s.address}:${s.port}`))],
      forbidden: [...new Set(seen.filter((s) => !allowed(s.address, s.port)).map((s) => `${s.address}:${s.port}`))],
    }),
    stop: () => {
      proto.connect = original;
    },
  };
}
