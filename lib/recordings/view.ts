import type { RecordingDoc } from "@/lib/db/models/recording.model";
import type { UserDoc } from "@/lib/db/models/user.model";
import type { RecordingView } from "@/lib/recordings/schemas";
import type { StreamType } from "@/lib/streams/status";
import { config } from "@/lib/config";

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function toRecordingView(r: RecordingDoc, host: Pick<UserDoc, "_id" | "username" | "displayName"> | null | undefined): RecordingView {
  const id = r._id.toString();
  const base = `${config().publicUrl}/api/recordings/${id}`;
  return {
    id,
    streamId: r.stream.toString(),
    host: { id: r.host.toString(), username: host?.username ?? "", displayName: host?.displayName || host?.username || "" },
    title: r.title,
    category: r.category ?? "",
    streamType: (r.streamType ?? "public") as StreamType,
    visibility: r.visibility === "unlisted" ? "unlisted" : "public",
    durationSeconds: r.durationSeconds,
    sizeBytes: r.sizeBytes,
    width: r.width ?? null,
    height: r.height ?? null,
    videoUrl: `${base}/video`,
    posterUrl: r.storage?.posterKey ? `${base}/poster` : null,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    createdAt: iso(r.createdAt) ?? new Date(0).toISOString(),
  };
}
