import type { Metadata } from "next";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Sign up" };

export default function SignupPage() {
  return (
    <div className="mx-auto mt-10 max-w-sm rounded-2xl border border-border bg-surface p-6 shadow-xl">
      <h1 className="mb-1 text-2xl font-bold">Create your account</h1>
      <p className="mb-6 text-sm text-muted">Watch, chat and stream with your community.</p>
      <SignupForm />
    </div>
  );
}
