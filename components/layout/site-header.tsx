"use client";

import Link from "next/link";
import { signOut, useSession } from "next-auth/react";
import { buttonClass } from "@/components/ui/button";
import { HeaderSearch } from "@/components/layout/header-search";
import { endpoints } from "@/lib/client/endpoints";

/**
 * Ends the session on the server first (sessions are signed cookies: deleting this browser's copy alone
 * would leave any other copy working), then here; a failed call still signs this browser out.
 */
async function logOut(): Promise<void> {
  await endpoints.accounts.logout().catch(() => undefined);
  await signOut({ callbackUrl: "/" });
}

export function SiteHeader() {
  const { data: session, status } = useSession();
  const username = session?.user?.name;
  return (
    <header className="sticky top-0 z-40 border-b border-border bg-bg/85 backdrop-blur">
      <nav aria-label="Main" className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
        <Link prefetch={false} href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight">
          <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-live" />
          StreamHub
        </Link>
        <Link prefetch={false} href="/search" className="hidden text-sm text-muted hover:text-fg sm:inline md:hidden">
          Search
        </Link>
        <HeaderSearch />
        <div className="ml-auto flex items-center gap-2">
          {status === "loading" ? (
            <span className="h-8 w-24 animate-pulse rounded-lg bg-surface-2" aria-label="Loading account" />
          ) : username ? (
            <>
              <Link prefetch={false} href="/dashboard" className={buttonClass("secondary", "hidden sm:inline-flex")}>
                Dashboard
              </Link>
              <span data-testid="header-username" className="hidden text-sm text-fg sm:inline">
                {username}
              </span>
              <Link prefetch={false} href="/account" aria-label="Your account" title="Your account" className="grid h-8 w-8 place-items-center rounded-full bg-accent text-sm font-semibold uppercase hover:ring-2 hover:ring-accent/50">
                <span aria-hidden>{username.slice(0, 1)}</span>
              </Link>
              <button type="button" className={buttonClass("ghost", "whitespace-nowrap")} onClick={() => void logOut()}>
                Log out
              </button>
            </>
          ) : (
            <>
              <Link prefetch={false} href="/login" className={buttonClass("ghost")}>
                Log in
              </Link>
              <Link prefetch={false} href="/signup" className={buttonClass("primary")}>
                Sign up
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}
