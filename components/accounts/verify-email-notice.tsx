"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { accountKeys, fetchMe } from "@/lib/query/accounts";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Tells an account whose email is not confirmed why it cannot go live, and sends the link again. */
export function VerifyEmailNotice() {
  const qc = useQueryClient();
  const toast = useToast();
  const me = useQuery({ queryKey: accountKeys.me, queryFn: fetchMe });
  const resend = useMutation({
    mutationFn: () => endpoints.accounts.resendVerification(),
    onSuccess: (r) => {
      if (r.sent) toast.show(`We sent a new link to ${me.data?.email ?? "your address"}`, "success");
      else void qc.invalidateQueries({ queryKey: accountKeys.me });
    },
    onError: (err) => toast.show(err instanceof LiveStreamError ? err.message : "Could not send the link", "error"),
  });
  if (!me.data || me.data.emailVerified) return null;
  return (
    <div role="status" data-testid="verify-email-notice" className="mb-4 rounded-xl border border-border bg-surface-2 p-3 text-sm">
      <p className="mb-2">
        Confirm your email address (<span className="font-medium">{me.data.email}</span>) to go live: open the link we sent you.
      </p>
      <Button variant="secondary" onClick={() => resend.mutate()} disabled={resend.isPending}>
        Send the link again
      </Button>
    </div>
  );
}
