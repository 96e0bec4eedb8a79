"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { signInWithPassword } from "@/lib/client/sign-in";
import { signUpWithForm } from "./actions";
import { SIGNUP_INITIAL } from "./form-state";

const FIELD_FOR_CODE: Record<string, string> = { USERNAME_TAKEN: "username", EMAIL_TAKEN: "email" };

export function SignupForm() {
  const router = useRouter();
  const toast = useToast();
  // Before hydration (or without JavaScript) the browser posts the form to this server action.
  const [posted, formAction] = useActionState(signUpWithForm, SIGNUP_INITIAL);
  const [pending, setPending] = useState(false);
  const [clientErrors, setErrors] = useState<Record<string, string> | null>(null);
  const errors = clientErrors ?? posted.errors;

  // Once hydrated, the API creates the account and next-auth's client signs in: the header follows without a page load.
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { username: String(form.get("username") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    setPending(true);
    setErrors({});
    try {
      await endpoints.accounts.register(input);
      const res = await signInWithPassword(input.username, input.password);
      if (!res.ok) throw new Error("Account created, but signing in failed. Try logging in.");
      toast.show(`Welcome, ${input.username}! We sent a link to ${input.email} to confirm it.`, "success");
      router.push("/");
      router.refresh();
    } catch (err) {
      if (err instanceof LiveStreamError) {
        const field = FIELD_FOR_CODE[err.code];
        setErrors(field ? { [field]: err.message } : err.fieldErrors());
        toast.show(err.message === "Invalid input" ? "Check the highlighted fields." : err.message, "error");
      } else {
        toast.show(err instanceof Error ? err.message : "Something went wrong", "error");
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="username" name="username" label="Username" autoComplete="username" required minLength={3} maxLength={24} error={errors.username} defaultValue={posted.username} />
      <Field id="email" name="email" label="Email" type="email" autoComplete="email" required error={errors.email} defaultValue={posted.email} />
      <Field id="password" name="password" label="Password" type="password" autoComplete="new-password" required minLength={8} error={errors.password} />
      {posted.message && !clientErrors ? (
        <p role="alert" className="text-sm text-danger">
          {posted.message}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Sign up"}
      </Button>
      <p className="text-center text-sm text-muted">
        Already have an account?{" "}
        <Link href="/login" className="text-accent hover:underline">
          Log in
        </Link>
      </p>
    </form>
  );
}
