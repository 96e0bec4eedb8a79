import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/accounts/next-auth-options";
import { ChannelAnalyticsView } from "./channel-analytics";

export const metadata: Metadata = { title: "Channel analytics" };
export const dynamic = "force-dynamic";

/** The channel over 7, 30 or 90 days: totals, a daily chart and the recent streams, each linking to its report. */
export default async function ChannelAnalyticsPage() {
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect("/login?callbackUrl=/dashboard/analytics");
  return <ChannelAnalyticsView />;
}
