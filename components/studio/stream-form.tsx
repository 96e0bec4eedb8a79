"use client";

import { useState, type FormEvent } from "react";
import { CATEGORIES } from "@/lib/streams/categories";
import type { CreateStreamBody, StreamView } from "@/lib/streams/schemas";
import { Button } from "@/components/ui/button";

/** The fields the form edits, typed as the create endpoint takes them; the server validates what the form read. */
export type StreamFormValues = Required<Pick<CreateStreamBody, "title" | "description" | "category" | "tags" | "streamType" | "currency">> & {
  ticketPrice?: number;
  scheduledFor?: string;
  features?: { recordingEnabled: boolean };
};

const TYPES = [
  ["public", "Public"],
  ["unlisted", "Unlisted (link only)"],
  ["followers_only", "Followers only"],
  ["subscribers_only", "Subscribers only"],
  ["paid", "Paid ticket"],
] as const;

function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

const inputClass = "w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm focus:border-accent focus:outline-none";

/** Create or edit a stream; server-side field errors come back through `errors`. */
export function StreamForm({ initial, submitLabel, pending, errors, onSubmit, onCancel, idPrefix }: {
  initial?: StreamView;
  submitLabel: string;
  pending: boolean;
  errors: Record<string, string>;
  onSubmit: (v: StreamFormValues) => void;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const [type, setType] = useState(initial?.streamType ?? "public");
  const id = (name: string) => `${idPrefix}-${name}`;
  const err = (name: string) =>
    errors[name] ? (
      <p id={`${id(name)}-error`} className="mt-1 text-xs text-danger">
        {errors[name]}
      </p>
    ) : null;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const when = String(f.get("scheduledFor") ?? "");
    const price = String(f.get("ticketPrice") ?? "");
    onSubmit({
      title: String(f.get("title") ?? ""),
      description: String(f.get("description") ?? ""),
      category: String(f.get("category") ?? "") as StreamFormValues["category"],
      tags: String(f.get("tags") ?? "").split(",").map((t) => t.trim()).filter(Boolean),
      streamType: type,
      ticketPrice: type === "paid" && price ? Number(price) : undefined,
      currency: String(f.get("currency") ?? "USD") as StreamFormValues["currency"],
      scheduledFor: when ? new Date(when).toISOString() : undefined,
      features: { recordingEnabled: f.get("recordingEnabled") === "on" },
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
      <div className="sm:col-span-2">
        <label htmlFor={id("title")} className="mb-1 block text-sm font-medium">
          Title
        </label>
        <input id={id("title")} name="title" required maxLength={120} defaultValue={initial?.title} className={inputClass} aria-invalid={Boolean(errors.title)} aria-describedby={errors.title ? `${id("title")}-error` : undefined} />
        {err("title")}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={id("description")} className="mb-1 block text-sm font-medium">
          Description
        </label>
        <textarea id={id("description")} name="description" rows={3} maxLength={2000} defaultValue={initial?.description} className={inputClass} />
        {err("description")}
      </div>
      <div>
        <label htmlFor={id("category")} className="mb-1 block text-sm font-medium">
          Category
        </label>
        <select id={id("category")} name="category" defaultValue={initial?.category ?? "talk"} className={inputClass}>
          {CATEGORIES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        {err("category")}
      </div>
      <div>
        <label htmlFor={id("tags")} className="mb-1 block text-sm font-medium">
          Tags <span className="text-muted">(comma-separated)</span>
        </label>
        <input id={id("tags")} name="tags" defaultValue={initial?.tags.join(", ")} className={inputClass} placeholder="speedrun, chill" />
        {err("tags")}
      </div>
      <div>
        <label htmlFor={id("type")} className="mb-1 block text-sm font-medium">
          Audience
        </label>
        <select id={id("type")} name="streamType" value={type} onChange={(e) => setType(e.target.value as typeof type)} className={inputClass}>
          {TYPES.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={id("scheduledFor")} className="mb-1 block text-sm font-medium">
          Scheduled for <span className="text-muted">(optional)</span>
        </label>
        <input id={id("scheduledFor")} name="scheduledFor" type="datetime-local" defaultValue={toLocalInput(initial?.scheduledFor)} disabled={initial ? initial.status !== "scheduled" : false} className={inputClass} />
        {err("scheduledFor")}
      </div>
      {type === "paid" ? (
        <div className="flex gap-2 sm:col-span-2">
          <div className="flex-1">
            <label htmlFor={id("price")} className="mb-1 block text-sm font-medium">
              Ticket price
            </label>
            <input id={id("price")} name="ticketPrice" type="number" min={0.5} max={1000} step={0.01} defaultValue={initial?.ticketPrice ?? ""} className={inputClass} />
            {err("ticketPrice")}
          </div>
          <div>
            <label htmlFor={id("currency")} className="mb-1 block text-sm font-medium">
              Currency
            </label>
            <select id={id("currency")} name="currency" defaultValue={initial?.currency ?? "USD"} className={inputClass}>
              {["USD", "EUR", "GBP", "JPY"].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      <label htmlFor={id("recording")} className="flex items-start gap-2 text-sm sm:col-span-2">
        <input id={id("recording")} name="recordingEnabled" type="checkbox" defaultChecked={initial?.features.recordingEnabled ?? false} className="mt-0.5 accent-accent" />
        <span>
          Save the broadcast <span className="text-muted">(a replay on your channel once it ends, with its audience; you can unlist or delete it)</span>
        </span>
      </label>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
