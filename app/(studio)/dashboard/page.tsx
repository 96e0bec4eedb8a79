import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/accounts/next-auth-options";
import { Dashboard } from "./dashboard";

export const metadata: Metadata = { title: "Creator dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect("/login?callbackUrl=/dashboard");
  return <Dashboard username={session.user.name ?? ""} />;
}
