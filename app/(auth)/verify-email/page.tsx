import type { Metadata } from "next";
import Link from "next/link";
import { verifyEmailQuery } from "@/lib/accounts/schemas";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Confirm your email" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The page the mailed link opens: it confirms the address at once, so the link works without JavaScript. */
export default async function VerifyEmailPage({ searchParams }: Props) {
  const query = verifyEmailQuery.safeParse(await searchParams);
  const result = query.success ? await verifyEmail(query.data.token) : "invalid";
  return (
    <div className="mx-auto mt-10 max-w-sm rounded-2xl border border-border bg-surface p-6 shadow-xl" data-testid="verify-email" data-result={result}>
      {result === "verified" ? (
        <>
          <h1 className="mb-2 text-2xl font-bold">Email confirmed</h1>
          <p className="mb-6 text-sm text-muted">Your email address is verified. You can go live now.</p>
          <Link href="/dashboard" className={buttonClass("primary", "w-full")}>
            Open the dashboard
          </Link>
        </>
      ) : (
        <>
          <h1 className="mb-2 text-2xl font-bold">This link does not work</h1>
          <p className="mb-6 text-sm text-muted">
            It may have been used already, replaced by a newer one, or be older than 24 hours. Log in and send a new link from your dashboard.
          </p>
          <Link href="/dashboard" className={buttonClass("secondary", "w-full")}>
            Go to the dashboard
          </Link>
        </>
      )}
    </div>
  );
}
