import Link from "next/link";
import { segments } from "@/lib/chat/text";

/** A chat message rendered as text nodes: mentions link to channels, http(s) links open safely, nothing is HTML. */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {segments(text).map((seg, i) =>
        seg.kind === "text" ? (
          <span key={i}>{seg.text}</span>
        ) : seg.kind === "mention" ? (
          <Link key={i} prefetch={false} href={`/${seg.username}`} className="font-semibold text-accent hover:underline">
            @{seg.username}
          </Link>
        ) : (
          <a key={i} href={seg.href} target="_blank" rel="noopener noreferrer nofollow ugc" className="break-all text-sky-300 underline">
            {seg.text}
          </a>
        ),
      )}
    </>
  );
}
