import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <p className="text-6xl font-bold text-accent">404</p>
      <h1 className="mt-4 text-2xl font-semibold">This page is offline</h1>
      <p className="mt-2 text-muted">It may have ended, moved, or never existed.</p>
      <Link href="/" className={buttonClass("primary", "mt-6")}>
        Back home
      </Link>
    </div>
  );
}
