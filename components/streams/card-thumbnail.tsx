"use client";

import { useState } from "react";

/**
 * The card's picture: a frame of the stream (its URL changes with each new frame, about every minute) over
 * the category gradient, which stays as the fallback when there is none or it cannot be loaded (a members-
 * only stream, a frame not written yet).
 */
export function CardThumbnail({ src }: { src: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (failed === src) return null;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- thumbnails may be external URLs; ours are cached by the API
    <img src={src} alt="" className="absolute inset-0 h-full w-full object-cover" loading="lazy" onError={() => setFailed(src)}
      // An image that failed before hydration fired its error event before React listened.
      ref={(el) => {
        if (el?.complete && el.naturalWidth === 0) setFailed(src);
      }}
      data-testid="stream-thumbnail" />
  );
}
