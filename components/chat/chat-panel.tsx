"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useSession } from "next-auth/react";
import type { ChatMessage } from "@/lib/client/enhanced-live-stream-client";
import { useToast } from "@/components/ui/toast";
import { isSystem } from "@/components/chat/chat-state";
import { MessageRow, SystemRow } from "@/components/chat/message-row";
import { ChatComposer } from "@/components/chat/chat-composer";
import { ModeChips, ModToolbar } from "@/components/chat/chat-modes";
import { UserCardDialog } from "@/components/chat/user-card";
import { errorMessage, useModActions } from "@/components/chat/use-mod-actions";
import type { MenuItem } from "@/components/chat/mod-menu";
import type { useStreamRealtime } from "@/components/chat/use-stream-realtime";

type Realtime = ReturnType<typeof useStreamRealtime>;

/** Stream chat: history and live messages, typing, sending, deletes, reactions, and moderation for moderators. */
export function ChatPanel({ rt, enabled, streamId, hostId }: { rt: Realtime; enabled: boolean; streamId: string; hostId?: string }) {
  const { data: session } = useSession();
  const toast = useToast();
  const me = (session?.user as { id?: string } | undefined)?.id;
  const mods = useModActions(rt);
  const list = useRef<HTMLOListElement>(null);
  const [stuck, setStuck] = useState(true);
  const [cardUser, setCardUser] = useState<string | null>(null);

  useEffect(() => {
    const el = list.current;
    if (el && stuck) el.scrollTop = el.scrollHeight;
  }, [rt.messages, stuck]);

  const fail = (err: unknown) => toast.show(errorMessage(err), "error");
  function modItems(m: ChatMessage): MenuItem[] {
    // Nobody outranks the host: their lines offer no actions.
    if (!me || m.sender.id === me || m.sender.id === hostId) return [];
    const name = m.sender.displayName;
    const items: MenuItem[] = [];
    if (mods.can.moderate) items.push({ label: "Delete message", onSelect: () => void rt.client.current?.deleteChatMessage(m.id).catch(fail) });
    if (mods.can.ban) {
      items.push({ label: "Timeout 10 minutes", onSelect: () => void mods.run((x) => x.timeoutUser(m.sender.id, { durationSeconds: 600 }), `${name} timed out for 10 minutes`) });
      items.push({ label: "Ban", danger: true, onSelect: () => window.confirm(`Ban ${name} from this channel?`) && void mods.run((x) => x.banUser(m.sender.id), `${name} was banned`) });
    }
    if (mods.can.view) items.push({ label: "View user card", onSelect: () => setCardUser(m.sender.id) });
    return items;
  }

  const typingNames = Object.values(rt.typing).map((t) => t.username);
  return (
    <aside aria-label="Chat" className="flex h-[32rem] flex-col rounded-xl border border-border bg-surface lg:h-[calc(100vh-8rem)]">
      <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-3">
        <h2 className="font-semibold">Stream chat</h2>
        <div className="flex items-center gap-2">
          {rt.viewers !== null ? (
            <span className="text-xs text-muted" data-testid="chat-viewers">
              {rt.viewers} watching
            </span>
          ) : null}
          {enabled && mods.can.moderate && rt.status === "joined" ? <ModToolbar settings={rt.chatSettings} mods={mods} /> : null}
        </div>
      </div>
      {enabled ? <ModeChips settings={rt.chatSettings} /> : null}
      {!enabled ? (
        <p className="m-auto px-6 text-center text-sm text-muted">Chat is off for this stream.</p>
      ) : rt.status === "error" ? (
        <p role="alert" className="m-auto px-6 text-center text-sm text-danger">
          {rt.error}
        </p>
      ) : (
        <>
          <ol
            ref={list}
            aria-live="polite"
            aria-busy={rt.status === "connecting"}
            onScroll={(e) => {
              const el = e.currentTarget;
              setStuck(el.scrollHeight - el.scrollTop - el.clientHeight < 40);
            }}
            className="flex-1 overflow-y-auto px-2 py-2"
            data-testid="chat-list"
          >
            {rt.status === "connecting" ? (
              <li className="p-4 text-center text-sm text-muted" data-testid="chat-connecting">
                {rt.error ? "Still connecting to chat, trying again…" : "Connecting to chat…"}
              </li>
            ) : null}
            {rt.status === "joined" && rt.messages.length === 0 ? <li className="p-4 text-center text-sm text-muted">No messages yet. Say hello!</li> : null}
            {rt.messages.map((m) =>
              isSystem(m) ? (
                <SystemRow key={m.id} line={m} />
              ) : (
                <MessageRow
                  key={m.id}
                  m={m}
                  role={m.sender.id === hostId ? "owner" : undefined}
                  canDelete={Boolean(me && (me === m.sender.id || mods.can.moderate))}
                  modItems={modItems(m)}
                  onOpenCard={mods.can.view && m.sender.id !== me ? () => setCardUser(m.sender.id) : undefined}
                  onDelete={() => void rt.client.current?.deleteChatMessage(m.id).catch(fail)}
                  onReact={(emoji) => void rt.client.current?.reactToMessage(m.id, emoji).catch(fail)}
                />
              ),
            )}
          </ol>
          {!stuck ? (
            <button type="button" onClick={() => setStuck(true)} className="mx-auto -mt-10 mb-2 rounded-full bg-accent px-3 py-1 text-xs">
              New messages ↓
            </button>
          ) : null}
          <p className="h-5 px-4 text-xs text-muted" aria-live="polite" data-testid="typing">
            {typingNames.length ? `${typingNames.slice(0, 3).join(", ")} ${typingNames.length === 1 ? "is" : "are"} typing…` : ""}
          </p>
          {session ? (
            <ChatComposer rt={rt} onSent={() => setStuck(true)} />
          ) : (
            <p className="border-t border-border p-3 text-center text-sm text-muted">
              <Link prefetch={false} href="/login" className="text-accent hover:underline">
                Log in
              </Link>{" "}
              to chat and react.
            </p>
          )}
        </>
      )}
      {mods.can.view ? <UserCardDialog streamId={streamId} userId={cardUser} mods={mods} actorRole={rt.access?.role ?? "viewer"} isMe={cardUser === me} onClose={() => setCardUser(null)} /> : null}
    </aside>
  );
}
