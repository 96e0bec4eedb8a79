/** What the sign-up form shows after its own POST (no JavaScript): errors by field, and what was typed (never the password). */
export type SignupFormState = { errors: Record<string, string>; message: string | null; username: string; email: string };

export const SIGNUP_INITIAL: SignupFormState = { errors: {}, message: null, username: "", email: "" };
