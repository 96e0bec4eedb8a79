import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPublicUser } from "@/lib/accounts/get-user";
import { orNotFound } from "@/lib/http/or-not-found";
import { FollowButton } from "@/components/streams/follow-button";
import { SubscribeButton } from "@/components/payments/subscribe-button";
import { CheckoutNotice } from "@/components/payments/use-checkout-return";
import { ChannelStreams } from "./channel-streams";
import { LivekitScript } from "@/app/_components/livekit-script";
import { ChannelRecordings } from "@/components/recordings/channel-recordings";

type Props = { params: Promise<{ username: string }> };

async function loadUser(username: string) {
  if (!/^[A-Za-z0-9_]{3,24}$/.test(username)) notFound();
  return orNotFound(getPublicUser(username));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { username } = await params;
  return { title: username };
}

export default async function ChannelPage({ params }: Props) {
  const user = await loadUser((await params).username);
  return (
    <div className="flex flex-col gap-8">
      <LivekitScript />
      <header className="flex flex-wrap items-center gap-4">
        <span aria-hidden className="grid h-16 w-16 place-items-center rounded-full bg-accent text-2xl font-bold uppercase">
          {(user.displayName || user.username).slice(0, 1)}
        </span>
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-3xl font-bold">{user.displayName}</h1>
          <p className="text-sm text-muted">@{user.username}</p>
          {user.bio ? <p className="mt-1 max-w-2xl text-sm">{user.bio}</p> : null}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <FollowButton userId={user.id} username={user.username} initialCount={user.followerCount} />
          <SubscribeButton creatorId={user.id} creatorName={user.displayName} />
        </div>
      </header>
      <CheckoutNotice successText="Subscription started — thank you!" />
      <ChannelStreams username={user.username} displayName={user.displayName} />
      <ChannelRecordings username={user.username} />
    </div>
  );
}
