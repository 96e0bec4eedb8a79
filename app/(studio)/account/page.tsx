import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/accounts/next-auth-options";
import { AccountView } from "./account-view";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

/** The signed-in user's account: their subscriptions to creators, each cancellable. */
export default async function AccountPage() {
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect("/login?callbackUrl=/account");
  return <AccountView username={session.user.name ?? ""} />;
}
