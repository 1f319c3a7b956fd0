"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { accountApi } from "@/lib/contracts/account";
import { send } from "./api";
import { Button, ErrorMessage, Pill, Table, Thead, td } from "./ui";

type Row = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
};

/** "Chrome on Linux" from a user agent, enough to recognise a device. */
function describeAgent(agent: string | null): string {
  if (!agent) return "Unknown browser";
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /Firefox\//.test(agent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : /curl|python|node/i.test(agent)
            ? "Script"
            : "Browser";
  const os = /Windows/.test(agent)
    ? "Windows"
    : /Mac OS X/.test(agent)
      ? "macOS"
      : /Android/.test(agent)
        ? "Android"
        : /iPhone|iPad/.test(agent)
          ? "iOS"
          : /Linux/.test(agent)
            ? "Linux"
            : "unknown OS";
  return `${browser} on ${os}`;
}

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

export function SessionsTable({ sessions, current }: { sessions: Row[]; current: string }) {
  const router = useRouter();
  const revoke = useMutation({
    mutationFn: (body: { sessionId: string } | { others: true }) => send(accountApi.revokeSessions, { body }),
    onSuccess: () => router.refresh(),
  });
  const others = sessions.filter((s) => s.id !== current).length;
  return (
    <div className="space-y-4">
      <Table caption="Your active sessions">
        <Thead columns={["Device", "Address", "Signed in", "Last active", "Ends by", ""]} />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row">
              <td className={td}>
                {describeAgent(s.userAgent)} {s.id === current && <Pill tone="good">this session</Pill>}
              </td>
              <td className={`${td} font-mono text-xs`}>{s.ip ?? "unknown"}</td>
              <td className={td}>{when(s.createdAt)}</td>
              <td className={td}>{when(s.lastSeenAt)}</td>
              <td className={td}>{when(s.expiresAt)}</td>
              <td className={`${td} text-right`}>
                {s.id !== current && (
                  <Button
                    variant="link-danger"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ sessionId: s.id })}
                  >
                    Sign out
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <div className="flex items-center gap-4">
        <Button disabled={others === 0 || revoke.isPending} onClick={() => revoke.mutate({ others: true })}>
          Sign out all other sessions ({others})
        </Button>
        {revoke.error && <ErrorMessage>{revoke.error.message}</ErrorMessage>}
      </div>
    </div>
  );
}
