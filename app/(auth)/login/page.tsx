import type { Metadata } from "next";
import { Suspense } from "react";
import { config } from "@/lib/config";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Log in" };

export default function LoginPage() {
  return (
    <div className="mx-auto mt-10 max-w-sm rounded-2xl border border-border bg-surface p-6 shadow-xl">
      <h1 className="mb-1 text-2xl font-bold">Welcome back</h1>
      <p className="mb-6 text-sm text-muted">Log in to chat, follow and go live.</p>
      <Suspense>
        <LoginForm oauth={config().oauth} />
      </Suspense>
    </div>
  );
}
