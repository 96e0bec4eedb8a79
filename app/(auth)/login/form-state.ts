/** What the login form shows after its own POST (no JavaScript): the error, and the login name typed. */
export type LoginFormState = { error: string | null; login: string };

export const LOGIN_MESSAGES = {
  invalid: "Invalid login or password.",
  missing: "Enter your username or email and your password.",
  rateLimited: "Too many attempts. Wait a few minutes and try again.",
  expired: "The login form expired. Reload the page and try again.",
  unavailable: "Could not reach the server. Check your connection and try again.",
} as const;
