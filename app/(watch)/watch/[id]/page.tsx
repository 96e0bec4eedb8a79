import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { getStream } from "@/lib/streams/get-stream";
import { resolveActor } from "@/lib/accounts/authenticate";
import { requestStreamToken } from "@/lib/media/request-token";
import type { MediaToken } from "@/lib/media/schemas";
import { orNotFound } from "@/lib/http/or-not-found";
import { viewerIdFromCookie } from "@/lib/http/viewer-cookie";
import { WatchView } from "./watch-view";
import { LivekitScript } from "@/app/_components/livekit-script";
import { isOnAir } from "@/lib/streams/status";
import { EARLY_MEDIA_ID, type EarlyMedia } from "@/components/player/early-media";

type Props = { params: Promise<{ id: string }> };

// Metadata and the page both need the stream: cache() makes it one lookup per request.
const load = cache(async (id: string) => {
  if (!/^[a-f0-9]{24}$/i.test(id)) notFound();
  return orNotFound(getStream(id));
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const s = await load((await params).id);
  return { title: `${s.title} — ${s.host.displayName}`, description: s.description.slice(0, 160) };
}

/** A media token rendered into the page for live streams, so the player connects without a round trip first. */
async function tokenFor(id: string): Promise<MediaToken | null> {
  try {
    const h = await headers();
    const cookie = h.get("cookie");
    const actor = await resolveActor({ cookie });
    // server.ts set x-real-ip, and gave this browser its viewer cookie if it had none.
    return await requestStreamToken(actor, id, { ip: h.get("x-real-ip") ?? "local", viewerId: viewerIdFromCookie(cookie), userAgent: h.get("user-agent") });
  } catch {
    return null; // not live, not allowed, or a bad cookie: the player asks the API and shows why
  }
}

export default async function WatchPage({ params }: Props) {
  const stream = await load((await params).id);
  const token = isOnAir(stream.status) ? await tokenFor(stream.id) : null;
  // The player joins the room with this token as soon as its code runs, before the page hydrates.
  const early: EarlyMedia | null = token ? { streamId: stream.id, hostId: stream.host.id, token } : null;
  return (
    <>
      <LivekitScript />
      {early ? <div hidden id={EARLY_MEDIA_ID} data-media={JSON.stringify(early)} /> : null}
      <WatchView initial={stream} initialToken={token} />
    </>
  );
}
