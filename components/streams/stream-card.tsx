import Link from "next/link";
import type { StreamView } from "@/lib/streams/schemas";
import { CATEGORIES } from "@/lib/streams/categories";
import { formatDateTime, formatViewerCount } from "@/lib/client/format";
import { CardThumbnail } from "@/components/streams/card-thumbnail";

const GRADIENTS = ["from-violet-700 to-fuchsia-900", "from-sky-700 to-indigo-900", "from-emerald-700 to-teal-900", "from-rose-700 to-orange-900", "from-amber-600 to-red-900", "from-cyan-700 to-blue-900"];

function gradientFor(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return GRADIENTS[h % GRADIENTS.length] ?? GRADIENTS[0]!;
}

export function StatusBadge({ stream }: { stream: Pick<StreamView, "status"> }) {
  if (stream.status === "live") return <span className="rounded bg-live px-1.5 py-0.5 text-xs font-bold uppercase tracking-wide text-white">Live</span>;
  if (stream.status === "paused") return <span className="rounded bg-amber-600 px-1.5 py-0.5 text-xs font-bold uppercase text-white">Paused</span>;
  if (stream.status === "scheduled") return <span className="rounded bg-surface-2/90 px-1.5 py-0.5 text-xs font-semibold text-fg">Upcoming</span>;
  return <span className="rounded bg-surface-2/90 px-1.5 py-0.5 text-xs font-semibold text-muted">Ended</span>;
}

/** A stream tile: thumbnail (or a category gradient), status, viewers, title, host and category. */
export function StreamCard({ stream }: { stream: StreamView }) {
  const cat = CATEGORIES.find((c) => c.id === stream.category);
  return (
    <Link href={`/watch/${stream.id}`} className="group flex flex-col gap-2 rounded-xl focus-visible:outline-offset-4" data-testid="stream-card">
      <div className={`relative aspect-video overflow-hidden rounded-xl bg-gradient-to-br ${gradientFor(stream.id)} ring-1 ring-border transition group-hover:ring-2 group-hover:ring-accent`}>
        <span aria-hidden className="absolute inset-0 grid place-items-center text-5xl opacity-60">
          {cat?.emoji ?? "🎥"}
        </span>
        {stream.thumbnailUrl ? <CardThumbnail src={stream.thumbnailUrl} /> : null}
        <div className="absolute left-2 top-2 flex gap-1.5">
          <StatusBadge stream={stream} />
          {stream.isDemo ? <span className="rounded bg-black/60 px-1.5 py-0.5 text-xs text-white">Demo</span> : null}
          {stream.streamType === "paid" ? <span className="rounded bg-black/60 px-1.5 py-0.5 text-xs text-white">🎟 Ticket</span> : null}
        </div>
        {stream.status === "live" ? (
          <span className="absolute bottom-2 left-2 rounded bg-black/70 px-1.5 py-0.5 text-xs text-white">{formatViewerCount(stream.analytics.currentViewers)} watching</span>
        ) : stream.status === "scheduled" && stream.scheduledFor ? (
          <span className="absolute bottom-2 left-2 rounded bg-black/70 px-1.5 py-0.5 text-xs text-white">{formatDateTime(stream.scheduledFor)}</span>
        ) : null}
      </div>
      <div className="flex gap-2.5">
        <span aria-hidden className="mt-0.5 grid h-8 w-8 shrink-0 place-items-center rounded-full bg-surface-2 text-sm font-semibold uppercase">
          {(stream.host.displayName || stream.host.username).slice(0, 1)}
        </span>
        <div className="min-w-0">
          <p className="truncate font-semibold text-fg group-hover:text-accent">{stream.title}</p>
          <p className="truncate text-sm text-muted">{stream.host.displayName}</p>
          <p className="truncate text-xs text-muted">{cat?.label ?? stream.category}</p>
        </div>
      </div>
    </Link>
  );
}

export function StreamCardSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="aspect-video animate-pulse rounded-xl bg-surface-2" />
      <div className="flex gap-2.5">
        <div className="h-8 w-8 animate-pulse rounded-full bg-surface-2" />
        <div className="flex flex-1 flex-col gap-1.5">
          <div className="h-4 w-3/4 animate-pulse rounded bg-surface-2" />
          <div className="h-3 w-1/2 animate-pulse rounded bg-surface-2" />
        </div>
      </div>
    </div>
  );
}
