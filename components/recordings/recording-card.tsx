import Link from "next/link";
import type { RecordingView } from "@/lib/recordings/schemas";
import { formatDuration, formatRelative } from "@/lib/client/format";

/** A past broadcast: poster, duration, when it aired; unlisted ones (shown to their owner) say so. */
export function RecordingCard({ recording: r }: { recording: RecordingView }) {
  return (
    <Link href={`/recordings/${r.id}`} className="group flex flex-col gap-2 rounded-xl focus-visible:outline-offset-4" data-testid="recording-card">
      <div className="relative aspect-video overflow-hidden rounded-xl bg-gradient-to-br from-slate-700 to-slate-900 ring-1 ring-border transition group-hover:ring-2 group-hover:ring-accent">
        {r.posterUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by the API with its own caching
          <img src={r.posterUrl} alt="" className="h-full w-full object-cover" loading="lazy" />
        ) : null}
        <span className="absolute bottom-2 right-2 rounded bg-black/75 px-1.5 py-0.5 text-xs font-semibold text-white" data-testid="recording-duration">
          {formatDuration(r.durationSeconds)}
        </span>
        {r.visibility === "unlisted" ? <span className="absolute left-2 top-2 rounded bg-black/70 px-1.5 py-0.5 text-xs text-white">Unlisted</span> : null}
      </div>
      <div className="min-w-0">
        <p className="truncate font-semibold text-fg group-hover:text-accent">{r.title}</p>
        <p className="truncate text-sm text-muted">{formatRelative(r.endedAt ?? r.createdAt)}</p>
      </div>
    </Link>
  );
}
