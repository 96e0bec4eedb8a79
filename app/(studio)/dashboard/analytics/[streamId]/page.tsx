import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/accounts/next-auth-options";
import { StreamReport } from "./stream-report";

export const metadata: Metadata = { title: "Stream analytics" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ streamId: string }> };

/** One stream's report, live while it is on air (the owner's and lead moderators'; the API says who may see it). */
export default async function StreamAnalyticsPage({ params }: Props) {
  const { streamId } = await params;
  if (!/^[a-f0-9]{24}$/i.test(streamId)) notFound();
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect(`/login?callbackUrl=/dashboard/analytics/${streamId}`);
  return <StreamReport streamId={streamId} />;
}
