"use client";

import { useEffect, useState } from "react";
import type { Track } from "livekit-client";

/** A LiveKit track attached to a media element for as long as both exist: returns the ref to give the element. */
export function useAttachedTrack<E extends HTMLMediaElement>(track: Track | undefined): (el: E | null) => void {
  const [el, setEl] = useState<E | null>(null);
  useEffect(() => {
    if (!track || !el) return;
    track.attach(el);
    return () => {
      track.detach(el);
    };
  }, [track, el]);
  return setEl;
}
