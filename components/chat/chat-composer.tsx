"use client";

import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { MAX_MESSAGE_LENGTH } from "@/lib/chat/text";
import { formatDuration } from "@/lib/client/format";
import { useCountdown } from "@/components/chat/use-countdown";
import { refusalOf, type Refusal } from "@/components/chat/refusal";
import type { useStreamRealtime } from "@/components/chat/use-stream-realtime";

type Realtime = ReturnType<typeof useStreamRealtime>;

const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : Date.parse(a) > Date.parse(b) ? a : b);

/**
 * The message input: a refused message stays in it with the reason above (so it can be edited); a timeout
 * disables it with a live countdown and re-enables it at the end; slow mode counts down on the send button;
 * a ban removes it.
 */
export function ChatComposer({ rt, onSent }: { rt: Realtime; onSent: () => void }) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [cooldownUntil, setCooldownUntil] = useState<number | null>(null);
  const [refusedUntil, setRefusedUntil] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const timeoutUntil = later(rt.timeoutUntil, refusedUntil);
  const timedOutLeft = useCountdown(timeoutUntil);
  const cooldown = useCountdown(cooldownUntil);
  const exempt = Boolean(rt.permissions?.["chat.moderate"]);

  async function send(e?: FormEvent) {
    e?.preventDefault();
    const message = text.trim();
    if (!message || !rt.client.current || cooldown > 0 || timedOutLeft > 0) return;
    setSending(true);
    try {
      await rt.client.current.sendChatMessage(message);
      setText("");
      setRefusal(null);
      const slow = rt.chatSettings?.slowMode ?? 0;
      if (slow > 0 && !exempt) setCooldownUntil(Date.now() + slow * 1000);
      onSent();
    } catch (err) {
      const r = refusalOf(err);
      setRefusal(r);
      if (r.retryAfterSeconds && r.code === "SLOW_MODE") setCooldownUntil(Date.now() + r.retryAfterSeconds * 1000);
      if (r.timedOutUntil) setRefusedUntil(r.timedOutUntil);
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

  if (rt.banned)
    return (
      <p role="alert" className="border-t border-border p-4 text-center text-sm text-danger" data-testid="chat-banned">
        You were banned from this channel.
      </p>
    );
  const timedOut = timedOutLeft > 0;
  // A refusal that a timeout explains is said by the timeout line instead.
  const shown = refusal && !(timedOut && refusal.code === "TIMED_OUT") && !(refusal.code === "SLOW_MODE" && cooldown === 0) ? refusal : null;
  return (
    <div className="border-t border-border">
      {timedOut ? (
        <p role="status" className="bg-amber-950/50 px-3 py-2 text-xs text-amber-100" data-testid="chat-timed-out">
          You are timed out — ends in <span className="font-mono tabular-nums">{formatDuration(timedOutLeft)}</span>
        </p>
      ) : null}
      {shown ? (
        <p id="chat-refusal" role="alert" className="flex items-start gap-2 bg-red-950/50 px-3 py-2 text-xs text-red-100" data-testid="chat-refusal" data-code={shown.code}>
          <span className="flex-1">{shown.text}</span>
          <button type="button" onClick={() => setRefusal(null)} aria-label="Dismiss" className="text-red-200 hover:text-white">
            ✕
          </button>
        </p>
      ) : null}
      <form onSubmit={(e) => void send(e)} className="flex gap-2 p-3">
        <label htmlFor="chat-input" className="sr-only">
          Send a message
        </label>
        <input
          id="chat-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          maxLength={MAX_MESSAGE_LENGTH}
          disabled={timedOut}
          placeholder={timedOut ? "You are timed out" : "Send a message"}
          autoComplete="off"
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? "chat-refusal" : undefined}
          className="min-w-0 flex-1 rounded-lg border border-border bg-bg px-3 py-2 text-sm focus:border-accent focus:outline-none disabled:opacity-60"
        />
        <button
          type="submit"
          disabled={sending || !text.trim() || timedOut || cooldown > 0}
          aria-label={cooldown > 0 ? `Chat (slow mode: ${cooldown} seconds)` : "Chat"}
          className="min-w-16 rounded-lg bg-accent px-3 py-2 text-sm font-medium tabular-nums disabled:opacity-50"
          data-testid="chat-send"
        >
          {cooldown > 0 ? `${cooldown}s` : "Chat"}
        </button>
        <span className="sr-only" aria-live="polite">
          {MAX_MESSAGE_LENGTH - text.length} characters left
        </span>
      </form>
    </div>
  );
}
