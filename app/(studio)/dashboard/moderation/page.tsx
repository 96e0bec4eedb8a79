import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/accounts/next-auth-options";
import { ModerationDashboard } from "./moderation-dashboard";

export const metadata: Metadata = { title: "Moderation" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ stream?: string | string[] }> };

/** The channel's moderation settings: the signed-in user's own, or (`?stream=<id>`) a channel they moderate. */
export default async function ModerationPage({ searchParams }: Props) {
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect("/login?callbackUrl=/dashboard/moderation");
  const { stream } = await searchParams;
  const streamId = typeof stream === "string" && /^[a-f0-9]{24}$/i.test(stream) ? stream : null;
  return <ModerationDashboard userId={(session.user as { id?: string }).id ?? ""} streamId={streamId} />;
}
