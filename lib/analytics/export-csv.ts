import "server-only";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCanViewAnalytics, loadStream } from "@/lib/analytics/stream-analytics";
import { csvField } from "@/lib/analytics/format";

const HEADER = ["minute", "viewers", "joins", "watch_minutes", "chat_messages", "reactions", "likes", "follows", "bitrate_kbps", "fps", "dropped_frames", "packet_loss_pct", "rtt_ms"];
const avg = (sum: number | undefined, n: number | undefined) => (n ? Math.round(((sum ?? 0) / n) * 100) / 100 : null);

/** The stream's per-minute series as CSV (one row per minute, UTC), with a file name for the download. */
export async function streamCsv(actor: Actor | null, streamId: string): Promise<{ filename: string; csv: string }> {
  await assertCanViewAnalytics(actor, streamId);
  const { buckets } = await loadStream(streamId, false);
  const rows = buckets.map((b) => {
    const q = b.q;
    return [b.minute.toISOString(), b.viewers ?? 0, b.joins ?? 0, Math.round(((b.watchMs ?? 0) / 60_000) * 100) / 100, b.chatMessages ?? 0, b.reactions ?? 0, b.likes ?? 0, b.follows ?? 0, avg(q?.bitrateKbps, q?.n), avg(q?.fps, q?.n), q?.n ? q.droppedFrames : null, avg(q?.packetLoss, q?.n), avg(q?.rttMs, q?.n)];
  });
  const csv = [HEADER, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
  return { filename: `stream-${streamId}-analytics.csv`, csv };
}
