import { route } from "@/lib/http/route";
import { resendVerificationResult } from "@/lib/accounts/schemas";
import { resendVerificationEmail } from "@/lib/accounts/verify-email";

export const POST = route(
  {
    tag: "Accounts",
    summary: "Mail a new email verification link to the caller (a few per hour)",
    description: "The link (`/verify-email?token=…`) works once, for 24 hours; sending a new one retires the previous link.",
    auth: "required",
    response: resendVerificationResult,
    errors: [429, 503],
  },
  ({ actor }) => resendVerificationEmail(actor),
);
