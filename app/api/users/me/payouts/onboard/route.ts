import { route } from "@/lib/http/route";
import { onboardingLink } from "@/lib/payments/schemas";
import { startOnboarding } from "@/lib/payments/connect";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    tag: "Payments",
    summary: "Starts or resumes Stripe Connect (Express) onboarding: a one-time link to Stripe's hosted form",
    description: "Creates the caller's connected account on first use. 409 CONFLICT when Connect is off; 403 EMAIL_NOT_VERIFIED until the email address is confirmed.",
    auth: "required",
    response: onboardingLink,
    noStore: true,
    errors: [403, 409, 503],
  },
  ({ actor }) => startOnboarding(actor),
);
