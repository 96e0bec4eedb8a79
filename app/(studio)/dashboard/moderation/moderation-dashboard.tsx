"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { endpoints } from "@/lib/client/endpoints";
import { fetchMine, streamKeys } from "@/lib/query/streams";
import { fetchSettings, moderationKeys } from "@/lib/query/moderation";
import { errorMessage } from "@/components/chat/use-mod-actions";
import { LoadError, Loading, permsOf } from "@/components/moderation/section";
import { ChatModesSection } from "@/components/moderation/chat-modes-section";
import { FiltersSection } from "@/components/moderation/filters-section";
import { ModeratorsSection } from "@/components/moderation/moderators-section";
import { BansSection } from "@/components/moderation/bans-section";
import { LogSection } from "@/components/moderation/log-section";

const ROLE_NAMES: Record<string, string> = { owner: "Owner", lead_moderator: "Lead moderator", moderator: "Moderator" };

/** The sections, once the stream (any of the channel's) and the user's role there are known. */
function Channel({ streamId, userId }: { streamId: string; userId: string }) {
  const stream = useQuery({ queryKey: streamKeys.detail(streamId), queryFn: () => endpoints.streams.get(streamId) });
  // The user's own card says their role in the channel, which says what this page offers them.
  const me = useQuery({ queryKey: moderationKeys.user(streamId, userId), queryFn: () => endpoints.moderation.userCard(streamId, userId), retry: false });
  const settings = useQuery({ queryKey: moderationKeys.settings(streamId), queryFn: () => fetchSettings(streamId), retry: false, enabled: me.isSuccess });
  if (me.isLoading || stream.isLoading) return <Loading rows={4} />;
  if (me.error || stream.error)
    return (
      <p role="alert" className="rounded-xl border border-danger/40 p-4 text-sm">
        {errorMessage(me.error ?? stream.error, "You cannot moderate this channel.")}
      </p>
    );
  const role = me.data?.role ?? "viewer";
  const perms = permsOf(role);
  const host = stream.data?.host;
  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm text-muted">
        {host ? (
          <>
            Channel <Link href={`/${host.username}`} className="text-accent hover:underline">@{host.username}</Link> ·{" "}
          </>
        ) : null}
        your role: <span className="font-medium text-fg" data-testid="mod-role">{ROLE_NAMES[role] ?? role}</span> · rules apply to every stream of the channel
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        {settings.isLoading ? (
          <Loading rows={5} />
        ) : settings.error || !settings.data ? (
          <LoadError message={errorMessage(settings.error, "Could not load the settings")} retry={() => void settings.refetch()} />
        ) : (
          <>
            <ChatModesSection streamId={streamId} settings={settings.data} editable={perms.modes} />
            <FiltersSection streamId={streamId} settings={settings.data} editable={perms.filters} />
          </>
        )}
        <ModeratorsSection streamId={streamId} perms={perms} />
        <BansSection streamId={streamId} canLift={perms.ban} />
      </div>
      <LogSection streamId={streamId} />
    </div>
  );
}

/** The moderation page: the user's own channel (through their latest stream), or the stream in `?stream=`. */
export function ModerationDashboard({ userId, streamId }: { userId: string; streamId: string | null }) {
  const mine = useQuery({ queryKey: streamKeys.mine, queryFn: fetchMine, enabled: !streamId });
  const latest = mine.data?.streams.slice().sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  const id = streamId ?? latest?.id ?? null;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href="/dashboard" className="text-sm text-muted hover:text-fg">
          ← Creator dashboard
        </Link>
        <h1 className="mt-1 text-2xl font-bold">Moderation</h1>
      </div>
      {id ? (
        <Channel streamId={id} userId={userId} />
      ) : mine.isLoading ? (
        <Loading rows={4} />
      ) : mine.error ? (
        <LoadError message="Could not load your streams." retry={() => void mine.refetch()} />
      ) : (
        <div className="rounded-xl border border-dashed border-border p-8 text-center" data-testid="mod-empty">
          <p className="font-medium">Create a stream first</p>
          <p className="mt-1 text-sm text-muted">Moderation settings belong to your channel and apply to all of its streams.</p>
          <Link href="/dashboard" className="mt-4 inline-block text-sm text-accent hover:underline">
            Go to the dashboard
          </Link>
        </div>
      )}
    </div>
  );
}
