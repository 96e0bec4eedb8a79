"use client";

import { useEffect, useRef, useState } from "react";
import type { PublicChatSettings } from "@/lib/moderation/schemas";
import { formatSpan } from "@/lib/client/format";
import type { ModActions } from "@/components/chat/use-mod-actions";
import { Switch } from "@/components/ui/switch";

export const SLOW_MODES = [0, 3, 5, 10, 30, 60, 120] as const;
export const FOLLOW_AGES = [
  { minutes: 0, label: "Any follower" },
  { minutes: 10, label: "10 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 1440, label: "1 day" },
  { minutes: 10_080, label: "1 week" },
  { minutes: 43_200, label: "1 month" },
] as const;

/** The chat modes in force, shown to everyone so a refusal never comes as a surprise. */
export function ModeChips({ settings }: { settings: PublicChatSettings | null }) {
  if (!settings) return null;
  const chips = [
    settings.slowMode > 0 ? `Slow mode ${formatSpan(settings.slowMode)}` : null,
    settings.followersOnly ? `Followers-only${settings.followersMinAgeMinutes ? ` (${formatSpan(settings.followersMinAgeMinutes * 60)})` : ""}` : null,
    settings.subscribersOnly ? "Subscribers-only" : null,
    settings.emoteOnly ? "Emote-only" : null,
    settings.blockLinks ? "No links" : null,
  ].filter((c): c is string => c !== null);
  if (!chips.length) return null;
  return (
    <ul aria-label="Chat modes" className="flex flex-wrap gap-1.5 border-b border-border px-4 py-2">
      {chips.map((c) => (
        <li key={c} className="rounded-full bg-surface-2 px-2 py-0.5 text-xs text-muted" data-testid="chat-mode-chip">
          {c}
        </li>
      ))}
    </ul>
  );
}

/** The slow-mode choices, the current value kept when it is not one of them (set over the API). */
export function slowModeOptions(current: number, label: (v: number) => string): { value: number; label: string }[] {
  return [...new Set([...SLOW_MODES, current])].map((v) => ({ value: v, label: v === 0 ? "Off" : label(v) }));
}

/** The minimum follow ages, the current value kept as above. */
export function followAgeOptions(current: number): { value: number; label: string }[] {
  return [...new Set([...FOLLOW_AGES.map((a) => a.minutes), current])].map((v) => ({ value: v, label: FOLLOW_AGES.find((a) => a.minutes === v)?.label ?? formatSpan(v * 60) }));
}

export const selectClass = "rounded-lg border border-border bg-bg px-2 py-1.5 text-sm focus:border-accent focus:outline-none";

/** The moderators' chat controls in the chat header: slow mode, chat modes and clearing the chat. */
export function ModToolbar({ settings, mods }: { settings: PublicChatSettings | null; mods: ModActions }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    // Esc closes it wherever focus is (the toggle, a control inside, or the page after a click).
    const esc = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  const s = settings ?? { slowMode: 0, followersOnly: false, followersMinAgeMinutes: 0, subscribersOnly: false, emoteOnly: false, blockLinks: false };
  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="mod-toolbar"
        onClick={() => setOpen((o) => !o)}
        className="rounded-lg px-2 py-1 text-sm text-muted hover:bg-surface-2 hover:text-fg"
        aria-label="Chat moderation settings"
        title="Chat moderation settings"
      >
        🛡 Mod
      </button>
      {open ? (
        <div
          ref={panel}
          id="mod-toolbar"
          role="group"
          aria-label="Chat moderation settings"
          className="absolute right-0 top-9 z-30 flex w-72 flex-col gap-1 rounded-xl border border-border bg-surface p-3 shadow-2xl"
        >
          <label className="flex items-center justify-between gap-3 px-2 py-1.5 text-sm">
            Slow mode
            <select className={selectClass} value={s.slowMode} onChange={(e) => void mods.run((m) => m.setSlowMode(Number(e.target.value)))}>
              {slowModeOptions(s.slowMode, (v) => `${v} s`).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <Switch label="Followers-only" checked={s.followersOnly} onChange={(v) => void mods.run((m) => m.setChatMode({ followersOnly: v }))} />
          {s.followersOnly ? (
            <label className="flex items-center justify-between gap-3 px-2 py-1.5 text-sm">
              Followed for
              <select className={selectClass} value={s.followersMinAgeMinutes} onChange={(e) => void mods.run((m) => m.setChatMode({ followersOnly: true, followersMinAgeMinutes: Number(e.target.value) }))}>
                {followAgeOptions(s.followersMinAgeMinutes).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <Switch label="Subscribers-only" checked={s.subscribersOnly} onChange={(v) => void mods.run((m) => m.setChatMode({ subscribersOnly: v }))} />
          <Switch label="Emote-only" checked={s.emoteOnly} onChange={(v) => void mods.run((m) => m.setChatMode({ emoteOnly: v }))} />
          <button
            type="button"
            onClick={() => window.confirm("Clear the chat for everyone?") && void mods.run((m) => m.clearChat(), "Chat cleared")}
            className="mt-2 rounded-lg border border-danger/40 px-3 py-1.5 text-sm text-danger hover:bg-red-950/40"
          >
            Clear chat
          </button>
        </div>
      ) : null}
    </div>
  );
}
