import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { resolveActor } from "@/lib/accounts/authenticate";
import { getStream } from "@/lib/streams/get-stream";
import { orNotFound } from "@/lib/http/or-not-found";
import { GuestRoom } from "@/components/guests/guest-room";
import { LivekitScript } from "@/app/_components/livekit-script";

export const metadata: Metadata = { title: "Guest room" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** Where a guest or co-host publishes: the stage they were invited onto (the page asks the API whether they are on it). */
export default async function StagePage({ params }: Props) {
  const { id } = await params;
  if (!/^[a-f0-9]{24}$/i.test(id)) notFound();
  const actor = await resolveActor({ cookie: (await headers()).get("cookie") }).catch(() => null);
  if (!actor) redirect(`/login?callbackUrl=/stage/${id}`);
  const stream = await orNotFound(getStream(id));
  if (stream.host.id === actor.id) redirect(`/studio/${id}`);
  return (
    <>
      <LivekitScript />
      <GuestRoom stream={stream} me={actor.id} />
    </>
  );
}
