"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { fetchChannel, streamKeys } from "@/lib/query/streams";
import { StreamGrid } from "@/components/streams/stream-grid";
import { buttonClass } from "@/components/ui/button";
import { LivePlayer } from "@/components/player/live-player";
import { formatViewerCount } from "@/lib/client/format";
import { isOnAir } from "@/lib/streams/status";

/** The channel's stage (live now, or offline) and its schedule and past streams. */
export function ChannelStreams({ username, displayName }: { username: string; displayName: string }) {
  const q = useQuery({ queryKey: streamKeys.channel(username), queryFn: () => fetchChannel(username), refetchInterval: 30_000 });
  const streams = q.data?.streams;
  const onAir = streams?.find((s) => isOnAir(s.status));
  const upcoming = streams?.filter((s) => s.status === "scheduled").sort((a, b) => (a.scheduledFor ?? "9").localeCompare(b.scheduledFor ?? "9"));
  const past = streams?.filter((s) => s.status === "ended");
  return (
    <>
      <section aria-label="Stage" className="overflow-hidden rounded-2xl border border-border bg-surface">
        {q.isLoading ? (
          <div className="aspect-[21/9] animate-pulse bg-surface-2" />
        ) : onAir ? (
          <div className="flex flex-col gap-3 p-3">
            <LivePlayer streamId={onAir.id} hostId={onAir.host.id} status={onAir.status} roomId={onAir.roomId} />
            <div className="flex flex-wrap items-center gap-3 px-1">
              <span className="rounded bg-live px-2 py-0.5 text-xs font-bold uppercase text-white">{onAir.status === "paused" ? "Paused" : "Live"}</span>
              <p className="min-w-0 flex-1 truncate font-semibold">{onAir.title}</p>
              <span className="text-sm text-muted">{formatViewerCount(onAir.analytics.currentViewers)} watching</span>
              <Link href={`/watch/${onAir.id}`} className={buttonClass("primary")}>
                Open with chat
              </Link>
            </div>
          </div>
        ) : (
          <div className="flex aspect-[21/9] flex-col items-center justify-center gap-2 p-6 text-center" data-testid="channel-offline">
            <p className="text-xl font-semibold">{displayName} is offline</p>
            <p className="text-sm text-muted">{upcoming?.length ? "Next stream is on the schedule below." : "Follow to hear when they go live."}</p>
          </div>
        )}
      </section>
      <section aria-labelledby="schedule" className="flex flex-col gap-4">
        <h2 id="schedule" className="text-xl font-semibold">
          Schedule
        </h2>
        <StreamGrid streams={upcoming} isLoading={q.isLoading} error={q.error} empty="Nothing scheduled yet." skeletons={4} />
      </section>
      {past?.length ? (
        <section aria-labelledby="past" className="flex flex-col gap-4">
          <h2 id="past" className="text-xl font-semibold">
            Past streams
          </h2>
          <StreamGrid streams={past} isLoading={false} empty="" />
        </section>
      ) : null}
    </>
  );
}
