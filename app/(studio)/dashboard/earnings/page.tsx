import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/accounts/next-auth-options";
import { EarningsDashboard } from "./earnings-dashboard";

export const metadata: Metadata = { title: "Earnings" };
export const dynamic = "force-dynamic";

/** The creator's money: totals per currency, where it came from, every ledger entry, and payouts. */
export default async function EarningsPage() {
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect("/login?callbackUrl=/dashboard/earnings");
  return <EarningsDashboard />;
}
