"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useSession } from "next-auth/react";
import type { ChatMessage } from "@/lib/client/enhanced-live-stream-client";
import { LiveStreamError } from "@/lib/client/enhanced-live-stream-client";
import { REACTION_EMOJIS } from "@/lib/chat/emojis";
import { MAX_MESSAGE_LENGTH } from "@/lib/chat/text";
import { MessageText } from "@/components/chat/message-text";
import { useToast } from "@/components/ui/toast";
import type { useStreamRealtime } from "@/components/chat/use-stream-realtime";

type Realtime = ReturnType<typeof useStreamRealtime>;

function errorText(err: unknown): string {
  if (err instanceof LiveStreamError) return err.code === "RATE_LIMITED" ? "Slow down — you are sending messages too fast." : err.message;
  return "Could not send";
}

function MessageRow({ m, canDelete, onDelete, onReact }: { m: ChatMessage; canDelete: boolean; onDelete: () => void; onReact: (emoji: string) => void }) {
  const [picking, setPicking] = useState(false);
  return (
    <li className="group relative rounded px-2 py-1 text-sm hover:bg-surface-2" data-testid="chat-message">
      <Link prefetch={false} href={`/${m.sender.username}`} className="mr-1.5 font-semibold text-accent hover:underline">
        {m.sender.displayName}
      </Link>
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
        <button type="button" aria-label="React to message" className="rounded bg-bg px-1.5 text-xs hover:bg-border" onClick={() => setPicking((p) => !p)}>
          🙂
        </button>
        {canDelete ? (
          <button type="button" aria-label="Delete message" className="rounded bg-bg px-1.5 text-xs hover:bg-border" onClick={onDelete}>
            🗑
          </button>
        ) : null}
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

/** Stream chat: history and live messages, typing, sending with a counter, deletes and message reactions. */
export function ChatPanel({ rt, enabled }: { rt: Realtime; enabled: boolean }) {
  const { data: session } = useSession();
  const toast = useToast();
  const me = (session?.user as { id?: string } | undefined)?.id;
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const [stuck, setStuck] = useState(true);
  const lastTyping = useRef(0);

  useEffect(() => {
    const el = list.current;
    if (el && stuck) el.scrollTop = el.scrollHeight;
  }, [rt.messages, stuck]);

  async function send(e?: FormEvent) {
    e?.preventDefault();
    const message = text.trim();
    if (!message || !rt.client.current) return;
    setSending(true);
    try {
      await rt.client.current.sendChatMessage(message);
      setText("");
      setStuck(true);
    } catch (err) {
      toast.show(errorText(err), "error");
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" && !e.shiftKey) void send();
    else if (Date.now() - lastTyping.current > 2000 && rt.client.current) {
      lastTyping.current = Date.now();
      void rt.client.current.sendTyping(true).catch(() => undefined);
    }
  }

  const typingNames = Object.values(rt.typing).map((t) => t.username);
  return (
    <aside aria-label="Chat" className="flex h-[32rem] flex-col rounded-xl border border-border bg-surface lg:h-[calc(100vh-8rem)]">
      <div className="flex items-center justify-between border-b border-border px-4 py-3">
        <h2 className="font-semibold">Stream chat</h2>
        {rt.viewers !== null ? (
          <span className="text-xs text-muted" data-testid="chat-viewers">
            {rt.viewers} watching
          </span>
        ) : null}
      </div>
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
            {rt.status === "connecting" ? <li className="p-4 text-center text-sm text-muted">Connecting to chat…</li> : null}
            {rt.status === "joined" && rt.messages.length === 0 ? <li className="p-4 text-center text-sm text-muted">No messages yet. Say hello!</li> : null}
            {rt.messages.map((m) => (
              <MessageRow
                key={m.id}
                m={m}
                canDelete={Boolean(me && (me === m.sender.id || rt.permissions?.["chat.moderate"]))}
                onDelete={() => void rt.client.current?.deleteChatMessage(m.id).catch((err: unknown) => toast.show(errorText(err), "error"))}
                onReact={(emoji) => void rt.client.current?.reactToMessage(m.id, emoji).catch((err: unknown) => toast.show(errorText(err), "error"))}
              />
            ))}
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
            <form onSubmit={(e) => void send(e)} className="flex gap-2 border-t border-border p-3">
              <label htmlFor="chat-input" className="sr-only">
                Send a message
              </label>
              <input
                id="chat-input"
                value={text}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={onKeyDown}
                maxLength={MAX_MESSAGE_LENGTH}
                placeholder="Send a message"
                autoComplete="off"
                className="min-w-0 flex-1 rounded-lg border border-border bg-bg px-3 py-2 text-sm focus:border-accent focus:outline-none"
              />
              <button type="submit" disabled={sending || !text.trim()} className="rounded-lg bg-accent px-3 py-2 text-sm font-medium disabled:opacity-50">
                Chat
              </button>
              <span className="sr-only" aria-live="polite">
                {MAX_MESSAGE_LENGTH - text.length} characters left
              </span>
            </form>
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
    </aside>
  );
}
