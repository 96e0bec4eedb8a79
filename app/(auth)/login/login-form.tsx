"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";

/** Why an OAuth sign-in was sent back here (lib/accounts/next-auth-options.ts). */
const OAUTH_REFUSED = new Map([
  [
    "OAuthAccountExists",
    "An account with this email address already exists. Log in with its password and confirm the address from your dashboard; after that, GitHub or Google signs you into that account.",
  ],
  ["OAuthEmailUnverified", "GitHub or Google did not share a verified email address. Verify one there, or sign up with a password."],
]);

export function LoginForm({ oauth }: { oauth: { github: boolean; google: boolean } }) {
  const router = useRouter();
  const params = useSearchParams();
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(() => OAUTH_REFUSED.get(params.get("error") ?? "") ?? null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { login: String(form.get("login") ?? ""), password: String(form.get("password") ?? ""), redirect: false });
    setPending(false);
    if (!res || res.error) {
      const message = res?.error === "RATE_LIMITED" ? "Too many attempts. Wait a few minutes and try again." : "Invalid login or password.";
      setError(message);
      toast.show(message, "error");
      return;
    }
    const next = params.get("callbackUrl");
    router.push(next && next.startsWith("/") ? next : "/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="login" name="login" label="Username or email" autoComplete="username" required />
      <Field id="password" name="password" label="Password" type="password" autoComplete="current-password" required />
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </Button>
      {oauth.github || oauth.google ? (
        <div className="flex flex-col gap-2 border-t border-border pt-4">
          {oauth.github ? (
            <Button variant="secondary" onClick={() => void signIn("github", { callbackUrl: params.get("callbackUrl") ?? "/" })}>
              Continue with GitHub
            </Button>
          ) : null}
          {oauth.google ? (
            <Button variant="secondary" onClick={() => void signIn("google", { callbackUrl: params.get("callbackUrl") ?? "/" })}>
              Continue with Google
            </Button>
          ) : null}
        </div>
      ) : null}
      <p className="text-center text-sm text-muted">
        New here?{" "}
        <Link href="/signup" className="text-accent hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
