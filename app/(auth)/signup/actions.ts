"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { registerUser } from "@/lib/accounts/register-user";
import { registerInput } from "@/lib/accounts/schemas";
import { toAppError } from "@/lib/errors";
import { requestIp, startBrowserSession } from "../session";
import type { SignupFormState } from "./form-state";

const signupForm = z.object({ username: z.string().catch(""), email: z.string().catch(""), password: z.string().catch("") });

/** The first message for each field, as the hydrated form shows the API's validation details. */
function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".");
    if (field && !out[field]) out[field] = issue.message;
  }
  return out;
}

/**
 * The sign-up form's own POST, for when JavaScript has not taken the form over (before hydration, or off):
 * it creates the account, signs in and redirects home; the password travels in the body, never in a URL.
 */
export async function signUpWithForm(_prev: SignupFormState, form: FormData): Promise<SignupFormState> {
  const fields = signupForm.parse(Object.fromEntries(form));
  const kept = { username: fields.username, email: fields.email };
  const input = registerInput.safeParse({ username: fields.username, email: fields.email, password: fields.password });
  if (!input.success) return { ...kept, errors: fieldErrors(input.error), message: "Check the highlighted fields." };
  try {
    const { user } = await registerUser(input.data, await requestIp());
    await startBrowserSession(user);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === "USERNAME_TAKEN") return { ...kept, errors: { username: e.message }, message: e.message };
    if (e.code === "EMAIL_TAKEN") return { ...kept, errors: { email: e.message }, message: e.message };
    if (e.code === "RATE_LIMITED") return { ...kept, errors: {}, message: e.message };
    throw err;
  }
  redirect("/");
}
