"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useActionState, useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { safeCallbackPath } from "@/lib/accounts/callback-path";
import { signInWithPassword } from "@/lib/client/sign-in";
import { logInWithForm } from "./actions";
import { LOGIN_MESSAGES, type LoginFormState } from "./form-state";

const INITIAL: LoginFormState = { error: null, login: "" };

/** What a refused sign-in shows, by its error; anything else reads as a wrong login or password. */
const LOGIN_MESSAGES_BY_ERROR: Partial<Record<string, string>> = {
  RATE_LIMITED: LOGIN_MESSAGES.rateLimited,
  CSRF: LOGIN_MESSAGES.expired,
  UNAVAILABLE: LOGIN_MESSAGES.unavailable,
};

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
  const callbackUrl = safeCallbackPath(params.get("callbackUrl"));
  // Before hydration (or without JavaScript) the browser posts the form to this server action.
  const [posted, formAction] = useActionState(logInWithForm, INITIAL);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(() => OAUTH_REFUSED.get(params.get("error") ?? "") ?? null);
  const shownError = error ?? posted.error;

  // Once hydrated, next-auth's client signs in: the header's session follows without a page load.
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signInWithPassword(String(form.get("login") ?? ""), String(form.get("password") ?? ""));
    setPending(false);
    if (!res.ok) {
      const message = LOGIN_MESSAGES_BY_ERROR[res.error] ?? LOGIN_MESSAGES.invalid;
      setError(message);
      toast.show(message, "error");
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field id="login" name="login" label="Username or email" autoComplete="username" required defaultValue={posted.login} />
      <Field id="password" name="password" label="Password" type="password" autoComplete="current-password" required />
      {shownError ? (
        <p role="alert" className="text-sm text-danger">
          {shownError}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Logging in…" : "Log in"}
      </Button>
      {oauth.github || oauth.google ? (
        <div className="flex flex-col gap-2 border-t border-border pt-4">
          {oauth.github ? (
            <Button variant="secondary" onClick={() => void signIn("github", { callbackUrl })}>
              Continue with GitHub
            </Button>
          ) : null}
          {oauth.google ? (
            <Button variant="secondary" onClick={() => void signIn("google", { callbackUrl })}>
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
