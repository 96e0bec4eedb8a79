"use client";

import { useEffect, useState } from "react";
import { useToast } from "@/components/ui/toast";

export type CheckoutReturn = "success" | "canceled" | null;

function read(): CheckoutReturn {
  if (typeof window === "undefined") return null;
  const v = new URLSearchParams(window.location.search).get("checkout");
  return v === "success" ? "success" : v === "cancel" || v === "canceled" ? "canceled" : null;
}

/**
 * Stripe Checkout sends the buyer back with `?checkout=success|canceled&session_id=…`: says so once in a
 * toast and takes the parameters out of the address bar (a reload must not say it again). The page keeps
 * the answer (the player waits for a ticket to unlock).
 */
export function useCheckoutReturn(successText = "Payment received — thank you!"): CheckoutReturn {
  const toast = useToast();
  const [result] = useState(read);
  useEffect(() => {
    if (!result) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("checkout");
    url.searchParams.delete("session_id");
    window.history.replaceState(window.history.state, "", url);
    if (result === "success") toast.show(successText, "success");
    else toast.show("Checkout cancelled — you were not charged", "info");
  }, [result, successText, toast]);
  return result;
}

/** For server-rendered pages (a channel): the toast, nothing else. */
export function CheckoutNotice({ successText }: { successText?: string }) {
  useCheckoutReturn(successText);
  return null;
}
