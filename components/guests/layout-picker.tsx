"use client";

import type { KeyboardEvent } from "react";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { LAYOUT_CHOICES, secondCameraTile } from "@/lib/media/identities";
import type { CameraName, GuestView, Layout, LayoutMode } from "@/lib/guests/schemas";
import { useToast } from "@/components/ui/toast";

const selectClass = "w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm";

/**
 * How viewers see the stage: the mode (spotlight, side by side, grid), whose tile is primary, and which of
 * the host's cameras are on screen. Each change goes out at once (`layout_changed`).
 */
export function LayoutPicker({ streamId, hostId, layout, guests }: { streamId: string; hostId: string; layout: Layout; guests: GuestView[] }) {
  const toast = useToast();
  const onStage = guests.filter((g) => g.status === "active");
  const set = async (patch: Partial<Layout>) => {
    try {
      await endpoints.guests.setLayout(streamId, { ...layout, ...patch });
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : "Could not change the layout", "error");
    }
  };
  const toggleCamera = (c: CameraName, on: boolean) => {
    const cameras = on ? [...new Set([...layout.cameras, c])] : layout.cameras.filter((x) => x !== c);
    if (!cameras.length) return toast.show("Keep at least one camera on screen", "error");
    void set({ cameras });
  };
  // A radio group: one tab stop, arrows move the choice (and the focus) along.
  const onArrows = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const i = LAYOUT_CHOICES.findIndex((m) => m.id === layout.mode);
    const next = LAYOUT_CHOICES[(i + step + LAYOUT_CHOICES.length) % LAYOUT_CHOICES.length]!;
    void set({ mode: next.id as LayoutMode });
    (e.currentTarget.querySelector(`[data-testid="layout-${next.id}"]`) as HTMLElement | null)?.focus();
  };
  return (
    <fieldset className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-4" data-testid="layout-picker">
      <legend className="px-1 font-semibold">Layout</legend>
      <div role="radiogroup" aria-label="Layout mode" className="flex gap-1" onKeyDown={onArrows}>
        {LAYOUT_CHOICES.map((m) => (
          <button
            key={m.id}
            type="button"
            role="radio"
            aria-checked={layout.mode === m.id}
            tabIndex={layout.mode === m.id ? 0 : -1}
            onClick={() => void set({ mode: m.id as LayoutMode })}
            className={`flex-1 rounded-lg border px-2 py-1.5 text-xs ${layout.mode === m.id ? "border-accent bg-accent/20" : "border-border hover:bg-surface-2"}`}
            data-testid={`layout-${m.id}`}
          >
            {m.label}
          </button>
        ))}
      </div>
      <label className="text-sm">
        Primary
        <select className={selectClass} value={layout.primary ?? ""} onChange={(e) => void set({ primary: e.target.value || null })} data-testid="layout-primary">
          <option value="">My camera</option>
          <option value={secondCameraTile(hostId)}>My second camera</option>
          {onStage.map((g) => (
            <option key={g.user.id} value={g.user.id}>
              {g.user.displayName}
            </option>
          ))}
        </select>
      </label>
      <div className="flex gap-4 text-sm">
        {(["camera", "camera-2"] as const).map((c) => (
          <label key={c} className="flex items-center gap-2">
            <input type="checkbox" className="accent-accent" checked={layout.cameras.includes(c)} onChange={(e) => toggleCamera(c, e.target.checked)} />
            {c === "camera" ? "Camera 1" : "Camera 2"} on screen
          </label>
        ))}
      </div>
    </fieldset>
  );
}
