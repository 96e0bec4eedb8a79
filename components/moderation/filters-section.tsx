"use client";

import { useState, type FormEvent } from "react";
import { LiveStreamError } from "@/lib/client/api";
import type { ModerationSettings } from "@/lib/moderation/schemas";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Section } from "@/components/moderation/section";
import { useSettingsMutation } from "@/components/moderation/chat-modes-section";

const MAX_WORDS = 500;

type Draft = Pick<ModerationSettings, "bannedWords" | "blockLinks" | "autoModeration">;

/** The word list, link blocking and auto-moderation: edited as a draft, saved together; the server's field errors land on their field. */
export function FiltersSection({ streamId, settings, editable }: { streamId: string; settings: ModerationSettings; editable: boolean }) {
  const saved: Draft = { bannedWords: settings.bannedWords, blockLinks: settings.blockLinks, autoModeration: settings.autoModeration };
  const [draft, setDraft] = useState<Draft>(saved);
  const [word, setWord] = useState("");
  const [wordError, setWordError] = useState<string | null>(null);
  const save = useSettingsMutation(streamId, "Filters saved");
  const errors = save.error instanceof LiveStreamError ? save.error.fieldErrors() : {};
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  function add(e: FormEvent) {
    e.preventDefault();
    const words = word.split(",").map((w) => w.trim().toLowerCase()).filter(Boolean);
    if (!words.length) return;
    const bad = words.find((w) => w.length > 60 || !/[\p{L}\p{N}]/u.test(w));
    if (bad) return setWordError(bad.length > 60 ? "A word or phrase is at most 60 characters" : "A word must contain a letter or digit");
    const next = [...new Set([...draft.bannedWords, ...words])];
    if (next.length > MAX_WORDS) return setWordError(`At most ${MAX_WORDS} words`);
    setDraft({ ...draft, bannedWords: next });
    setWord("");
    setWordError(null);
  }

  const wordErrors = Object.entries(errors).filter(([k]) => k.startsWith("bannedWords"));
  return (
    <Section id="mod-filters" title="Filters" note={editable ? "The owner and lead moderators edit the word list and filters." : "Only the owner and lead moderators can change these."}>
      <div className="flex flex-col gap-2">
        <span id="banned-words-label" className="text-sm font-medium">
          Banned words and phrases
        </span>
        <p className="text-xs text-muted">Matched whole, ignoring case, accents, look-alike characters and spacing tricks. End a word with * to match any ending.</p>
        <ul aria-labelledby="banned-words-label" className="flex flex-wrap gap-1.5" data-testid="banned-words">
          {draft.bannedWords.length === 0 ? <li className="text-sm text-muted">No banned words yet.</li> : null}
          {draft.bannedWords.map((w, i) => (
            <li key={w} className={`flex items-center gap-1 rounded-full border py-0.5 pl-2.5 pr-1 text-sm ${errors[`bannedWords.${i}`] ? "border-danger text-danger" : "border-border bg-surface-2"}`}>
              {w}
              {editable ? (
                <button type="button" aria-label={`Remove ${w}`} onClick={() => setDraft({ ...draft, bannedWords: draft.bannedWords.filter((x) => x !== w) })} className="rounded-full px-1.5 text-muted hover:bg-border hover:text-fg">
                  ✕
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {editable ? (
          <form onSubmit={add} className="flex gap-2">
            <label htmlFor="banned-word" className="sr-only">
              Add a banned word
            </label>
            <input
              id="banned-word"
              value={word}
              onChange={(e) => setWord(e.target.value)}
              placeholder="Add a word or phrase"
              aria-invalid={wordError ? true : undefined}
              aria-describedby={wordError ? "banned-word-error" : undefined}
              className="min-w-0 flex-1 rounded-lg border border-border bg-bg px-3 py-2 text-sm focus:border-accent focus:outline-none"
            />
            <Button type="submit" variant="secondary" disabled={!word.trim()}>
              Add
            </Button>
          </form>
        ) : null}
        {wordError ? (
          <p id="banned-word-error" className="text-xs text-danger">
            {wordError}
          </p>
        ) : null}
        {wordErrors.map(([k, msg]) => (
          <p key={k} className="text-xs text-danger" role="alert">
            {k === "bannedWords" ? msg : `“${draft.bannedWords[Number(k.split(".")[1])] ?? k}”: ${msg}`}
          </p>
        ))}
      </div>
      <div className="flex flex-col gap-1 border-t border-border pt-3">
        <Switch label="Block links" description="Refuse messages with links (moderators exempt)" checked={draft.blockLinks} disabled={!editable} onChange={(v) => setDraft({ ...draft, blockLinks: v })} />
        {errors.blockLinks ? <p className="px-2 text-xs text-danger">{errors.blockLinks}</p> : null}
        <Switch label="Auto-moderation" description="Refuse excessive caps, emoji floods and repeated messages" checked={draft.autoModeration} disabled={!editable} onChange={(v) => setDraft({ ...draft, autoModeration: v })} />
        {errors.autoModeration ? <p className="px-2 text-xs text-danger">{errors.autoModeration}</p> : null}
      </div>
      {editable ? (
        <div className="flex items-center justify-end gap-2">
          {dirty ? <span className="text-xs text-muted">Unsaved changes</span> : null}
          <Button variant="ghost" disabled={!dirty || save.isPending} onClick={() => setDraft(saved)}>
            Reset
          </Button>
          <Button disabled={!dirty || save.isPending} onClick={() => save.mutate(draft)}>
            {save.isPending ? "Saving…" : "Save filters"}
          </Button>
        </div>
      ) : null}
    </Section>
  );
}
