import type { RunStatus, UnitStatus } from "@/lib/domain/vocabulary";
import { Pill } from "./ui";

const tones: Record<RunStatus | UnitStatus, "neutral" | "good" | "warn" | "bad"> = {
  queued: "neutral",
  running: "neutral",
  pending: "neutral",
  succeeded: "good",
  ok: "good",
  partial: "warn",
  skipped: "neutral",
  stuck: "bad",
  failed: "bad",
  cancelled: "neutral",
};

export function StatusPill({ status }: { status: RunStatus | UnitStatus }) {
  return <Pill tone={tones[status]}>{status}</Pill>;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
