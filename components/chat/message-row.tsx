"use client";

import Link from "next/link";
import { useState } from "react";
import type { ChatMessage } from "@/lib/client/enhanced-live-stream-client";
import { REACTION_EMOJIS } from "@/lib/chat/emojis";
import { MessageText } from "@/components/chat/message-text";
import { ModMenu, type MenuItem } from "@/components/chat/mod-menu";
import type { SystemLine } from "@/components/chat/chat-state";
import { formatMoney } from "@/lib/client/money";

const iconButton = "rounded bg-bg px-1.5 text-xs hover:bg-border";

export function SystemRow({ line }: { line: SystemLine }) {
  if (line.donation) return <DonationRow line={line} />;
  return (
    <li className="px-2 py-1 text-xs italic text-muted" data-testid="chat-system">
      {line.text}
    </li>
  );
}

/** A paid tip in the chat: set apart from messages so it is not lost in a busy chat. */
function DonationRow({ line }: { line: SystemLine }) {
  const d = line.donation;
  if (!d) return null;
  return (
    <li className="my-1 rounded-lg border-l-4 border-amber-400 bg-amber-400/10 px-2 py-1.5 text-sm" data-testid="chat-donation">
      <span aria-hidden>💸 </span>
      <span className="font-semibold text-amber-200">{d.donor.displayName}</span> tipped{" "}
      <span className="font-semibold text-amber-200">{formatMoney(d.amount, d.currency)}</span>
      {d.message ? <span className="mt-0.5 block break-words text-fg">{d.message}</span> : null}
    </li>
  );
}

/** A badge beside a sender's name, when the message says their role in the channel. */
function RoleBadge({ role }: { role?: string }) {
  if (role === "owner") return <span className="mr-1 rounded bg-live/20 px-1 text-[10px] font-semibold uppercase text-red-300" title="Host">🎥 Host</span>;
  if (role === "moderator" || role === "lead_moderator")
    return <span className="mr-1 rounded bg-success/15 px-1 text-[10px] font-semibold uppercase text-green-300" title={role === "lead_moderator" ? "Lead moderator" : "Moderator"}>⚔ Mod</span>;
  if (role === "cohost" || role === "guest")
    return <span className="mr-1 rounded bg-accent/20 px-1 text-[10px] font-semibold uppercase text-violet-200" title={role === "cohost" ? "Co-host, on stage" : "Guest, on stage"}>🎙 {role === "cohost" ? "Co-host" : "Guest"}</span>;
  return null;
}

type Props = {
  m: ChatMessage;
  /** The sender's role when the page knows it (the host, from the stream). */
  role?: string;
  canDelete: boolean;
  /** The moderation actions on this sender (none on one's own lines or for viewers without rights). */
  modItems: MenuItem[];
  /** Opens the sender's user card; without it the name links to their channel. */
  onOpenCard?: () => void;
  onDelete: () => void;
  onReact: (emoji: string) => void;
};

export function MessageRow({ m, role: knownRole, canDelete, modItems, onOpenCard, onDelete, onReact }: Props) {
  const [picking, setPicking] = useState(false);
  const role = knownRole ?? (m as ChatMessage & { role?: string }).role;
  const nameClass = "mr-1.5 font-semibold text-accent hover:underline";
  return (
    <li className="group relative rounded px-2 py-1 text-sm hover:bg-surface-2 focus-within:bg-surface-2" data-testid="chat-message" data-sender={m.sender.username}>
      <RoleBadge role={role} />
      {onOpenCard ? (
        <button type="button" onClick={onOpenCard} className={nameClass} aria-label={`${m.sender.displayName}: open user card`} aria-haspopup="dialog">
          {m.sender.displayName}
        </button>
      ) : (
        <Link prefetch={false} href={`/${m.sender.username}`} className={nameClass}>
          {m.sender.displayName}
        </Link>
      )}
      <span className="break-words text-fg">
        <MessageText text={m.message} />
      </span>
      {Object.keys(m.reactions).length ? (
        <span className="ml-1 inline-flex gap-1 align-middle">
          {Object.entries(m.reactions).map(([e, n]) => (
            <span key={e} className="rounded-full bg-surface-2 px-1.5 text-xs" data-testid="message-reaction">
              {e} {n}
            </span>
          ))}
        </span>
      ) : null}
      <span className="absolute right-1 top-0.5 hidden gap-1 group-focus-within:flex group-hover:flex">
        <button type="button" aria-label="React to message" className={iconButton} onClick={() => setPicking((p) => !p)}>
          🙂
        </button>
        {canDelete && !modItems.length ? (
          <button type="button" aria-label="Delete message" className={iconButton} onClick={onDelete}>
            🗑
          </button>
        ) : null}
        {modItems.length ? <ModMenu label={`Moderate ${m.sender.displayName}`} items={modItems} /> : null}
      </span>
      {picking ? (
        <span className="mt-1 flex gap-1">
          {REACTION_EMOJIS.map((e) => (
            <button
              key={e}
              type="button"
              className="rounded bg-bg px-1 hover:bg-border"
              onClick={() => {
                onReact(e);
                setPicking(false);
              }}
            >
              {e}
            </button>
          ))}
        </span>
      ) : null}
    </li>
  );
}
