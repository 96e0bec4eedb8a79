import type { ReactNode } from "react";

/** What the signed-in user may do on the channel's moderation page (from their role there). */
export type ModPerms = { modes: boolean; filters: boolean; moderators: boolean; leads: boolean; ban: boolean };

export function permsOf(role: string): ModPerms {
  const owner = role === "owner";
  const lead = owner || role === "lead_moderator";
  const mod = lead || role === "moderator";
  return { modes: mod, filters: lead, moderators: lead, leads: owner, ban: mod };
}

/** One card of the moderation page, with its heading, an optional note and its loading / error states. */
export function Section({ id, title, note, children, action }: { id: string; title: string; note?: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3 rounded-2xl border border-border bg-surface p-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={id} className="text-lg font-semibold">
            {title}
          </h2>
          {note ? <p className="text-sm text-muted">{note}</p> : null}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

export function Loading({ rows = 2 }: { rows?: number }) {
  return (
    <div className="flex flex-col gap-2" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-9 animate-pulse rounded-lg bg-surface-2" />
      ))}
    </div>
  );
}

export function LoadError({ message, retry }: { message: string; retry: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-danger/40 p-3 text-sm">
      {message}{" "}
      <button type="button" onClick={retry} className="underline">
        Retry
      </button>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-border p-4 text-center text-sm text-muted">{children}</p>;
}
