"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "next-auth/react";
import type { StreamView } from "@/lib/streams/schemas";
import { CATEGORIES } from "@/lib/streams/categories";
import { isOnAir } from "@/lib/streams/status";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { fetchLiked, fetchStream, streamKeys } from "@/lib/query/streams";
import { formatDateTime, formatViewerCount } from "@/lib/client/format";
import { StatusBadge } from "@/components/streams/stream-card";
import { FollowButton } from "@/components/streams/follow-button";
import { Button } from "@/components/ui/button";
import { LivePlayer } from "@/components/player/live-player";
import type { MediaToken } from "@/lib/media/schemas";
import { useStreamRealtime } from "@/components/chat/use-stream-realtime";
import { ChatPanel } from "@/components/chat/chat-panel";
import { ReactionBar, ReactionOverlay } from "@/components/chat/reactions";
import { useToast } from "@/components/ui/toast";
import { TipButton } from "@/components/payments/tip-button";
import { SubscribeButton } from "@/components/payments/subscribe-button";
import { DonationAlert } from "@/components/payments/donation-alert";
import { paymentKeys } from "@/lib/query/payments";
import { useCheckoutReturn } from "@/components/payments/use-checkout-return";
import { useStage } from "@/components/guests/use-stage";
import { ViewerStage } from "@/components/guests/viewer-stage";

export function WatchView({ initial, initialToken }: { initial: StreamView; initialToken: MediaToken | null }) {
  const { data: session } = useSession();
  const toast = useToast();
  const qc = useQueryClient();
  const { data: stream } = useQuery({ queryKey: streamKeys.detail(initial.id), queryFn: () => fetchStream(initial.id), initialData: initial, refetchInterval: 15_000 });
  const liked = useQuery({ queryKey: streamKeys.liked(initial.id), queryFn: () => fetchLiked(initial.id), enabled: Boolean(session) });

  const engage = useMutation({
    mutationFn: (kind: "like" | "unlike" | "share") => endpoints.streams[kind](initial.id),
    onSuccess: (data, kind) => {
      qc.setQueryData<StreamView>(streamKeys.detail(initial.id), (s) => (s ? { ...s, analytics: { ...s.analytics, likes: data.likes, shares: data.shares } } : s));
      if (kind !== "share") qc.setQueryData(streamKeys.liked(initial.id), { liked: kind === "like" });
    },
    onError: (err) => toast.show(err instanceof LiveStreamError ? err.message : "Something went wrong", "error"),
  });

  async function share() {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      toast.show("Link copied", "success");
    } catch {
      toast.show(url, "info");
    }
    if (session) engage.mutate("share");
  }

  const [theater, setTheater] = useState(false);
  const me = (session?.user as { id?: string } | undefined)?.id;
  const checkout = useCheckoutReturn();
  const [epoch, setEpoch] = useState(0);
  const rt = useStreamRealtime(initial.id, me, epoch);
  // The stage rides on the chat's connection (one socket per viewer); it runs after the chat's effect, which opens it.
  const stage = useStage(initial.id, initial.layout, me, { enabled: stream.status !== "ended", shared: { client: rt.client, epoch } });
  // A ticket or subscription just came through: the chat joins again with the new access.
  const onUnlocked = useCallback(() => {
    setEpoch((e) => e + 1);
    void qc.invalidateQueries({ queryKey: paymentKeys.subscriptions });
  }, [qc]);
  // Live status changes arrive over the socket: refresh the stream at once instead of waiting for the poll.
  useEffect(() => {
    if (rt.streamStatus) void qc.invalidateQueries({ queryKey: streamKeys.detail(initial.id) });
  }, [rt.streamStatus, qc, initial.id]);
  const cat = CATEGORIES.find((c) => c.id === stream.category);
  const isLiked = liked.data?.liked ?? false;
  return (
    <div className={theater ? "-mx-4 flex flex-col gap-6 sm:-mx-6" : "grid gap-6 lg:grid-cols-[1fr_340px]"}>
      <div className="flex min-w-0 flex-col gap-4">
        <div className="relative">
        <LivePlayer
          streamId={stream.id}
          hostId={stream.host.id}
          status={stream.status}
          scheduledLabel={stream.scheduledFor ? formatDateTime(stream.scheduledFor) : null}
          theater={theater}
          onToggleTheater={() => setTheater((t) => !t)}
          initialToken={initialToken}
          roomId={stream.roomId}
          hostName={stream.host.displayName}
          unlocking={checkout === "success"}
          banned={rt.banned}
          onUnlocked={onUnlocked}
          layout={stage.layout}
          poster={initialToken ? stream.thumbnailUrl : null}
        >
          <DonationAlert alerts={rt.alerts} onDone={rt.alertDone} />
        </LivePlayer>
        {stream.features.reactionsEnabled ? <ReactionOverlay bursts={rt.bursts} /> : null}
        </div>
        {stream.features.reactionsEnabled && stream.status !== "ended" ? <ReactionBar rt={rt} signedIn={Boolean(session)} /> : null}
        {isOnAir(stream.status) ? <ViewerStage streamId={stream.id} me={me} hostId={stream.host.id} stage={stage} /> : null}
        <div className="flex flex-wrap items-start gap-4">
          <div className="min-w-0 flex-1 basis-64">
            <div className="flex items-center gap-2">
              <StatusBadge stream={stream} />
              {stream.isDemo ? <span className="rounded bg-surface-2 px-1.5 py-0.5 text-xs">Demo</span> : null}
              <Link prefetch={false} href={`/category/${stream.category}`} className="text-sm text-accent hover:underline">
                {cat?.label ?? stream.category}
              </Link>
            </div>
            <h1 className="mt-1 text-2xl font-bold" data-testid="stream-title">
              {stream.title}
            </h1>
            <Link prefetch={false} href={`/${stream.host.username}`} className="text-sm text-muted hover:text-fg">
              {stream.host.displayName} · @{stream.host.username}
            </Link>
            {stream.status === "live" ? (
              <span className="ml-3 text-sm text-muted" data-testid="viewer-count">
                {formatViewerCount(rt.viewers ?? stream.analytics.currentViewers)} watching
              </span>
            ) : null}
          </div>
          <div className="flex items-center gap-2">
            <Button variant={isLiked ? "primary" : "secondary"} aria-pressed={isLiked} disabled={!session || engage.isPending} title={session ? undefined : "Log in to like"} onClick={() => engage.mutate(isLiked ? "unlike" : "like")}>
              <svg role="img" aria-label="Likes" viewBox="0 0 24 24" className="size-4 fill-current"><path d="M12 21s-7.5-4.6-9.5-9.2C1.1 8.5 3.2 5 6.7 5c2 0 3.5 1.1 4.3 2.6h2C13.8 6.1 15.3 5 17.3 5c3.5 0 5.6 3.5 4.2 6.8C19.5 16.4 12 21 12 21z" /></svg>
              {formatViewerCount(rt.engagement?.likes ?? stream.analytics.likes)}
            </Button>
            <Button variant="secondary" onClick={() => void share()}>
              Share
            </Button>
            <TipButton streamId={stream.id} hostName={stream.host.displayName} currency={stream.currency} donationsEnabled={stream.features.donationsEnabled} isOwner={me === stream.host.id} />
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <FollowButton userId={stream.host.id} username={stream.host.username} initialCount={0} />
          <SubscribeButton creatorId={stream.host.id} creatorName={stream.host.displayName} />
        </div>
        {stream.description ? <p className="whitespace-pre-wrap text-sm text-muted">{stream.description}</p> : null}
        {stream.tags.length ? (
          <ul className="flex flex-wrap gap-2">
            {stream.tags.map((t) => (
              <li key={t}>
                <Link prefetch={false} href={`/search?q=${encodeURIComponent(t)}`} className="rounded-full bg-surface-2 px-2.5 py-1 text-xs hover:bg-border">
                  #{t}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <ChatPanel rt={rt} enabled={stream.features.chatEnabled} streamId={stream.id} hostId={stream.host.id} />
    </div>
  );
}
