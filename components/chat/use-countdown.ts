"use client";

import { useEffect, useState } from "react";

/** Whole seconds left until `until` (ISO or ms), ticking every second; 0 once passed or when there is none. */
export function useCountdown(until: string | number | null): number {
  const target = until === null ? null : typeof until === "number" ? until : Date.parse(until);
  const left = () => (target === null ? 0 : Math.max(0, Math.ceil((target - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    const tick = () => setSeconds(target === null ? 0 : Math.max(0, Math.ceil((target - Date.now()) / 1000)));
    tick();
    if (target === null) return;
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [target]);
  return seconds;
}
