"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { loginUser } from "@/lib/accounts/login-user";
import { callbackPathSchema, loginInput } from "@/lib/accounts/schemas";
import { toAppError } from "@/lib/errors";
import { requestIp, startBrowserSession } from "../session";
import { LOGIN_MESSAGES, type LoginFormState } from "./form-state";

const loginForm = z.object({
  login: z.string().catch(""),
  password: z.string().catch(""),
  callbackUrl: callbackPathSchema,
});

/**
 * The login form's own POST, for when JavaScript has not taken the form over (before hydration, or off): it
 * signs in server-side and redirects, so the password travels in the body and never in a URL.
 */
export async function logInWithForm(_prev: LoginFormState, form: FormData): Promise<LoginFormState> {
  const fields = loginForm.parse(Object.fromEntries(form));
  const input = loginInput.safeParse({ login: fields.login, password: fields.password });
  if (!input.success) return { error: LOGIN_MESSAGES.missing, login: fields.login };
  try {
    const { user } = await loginUser(input.data, await requestIp());
    await startBrowserSession(user);
  } catch (err) {
    const code = toAppError(err).code;
    if (code === "RATE_LIMITED") return { error: LOGIN_MESSAGES.rateLimited, login: fields.login };
    if (code === "INVALID_CREDENTIALS") return { error: LOGIN_MESSAGES.invalid, login: fields.login };
    throw err;
  }
  redirect(fields.callbackUrl);
}
