"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { endpoints } from "@/lib/client/endpoints";
import { formatSpan } from "@/lib/client/format";
import { moderationKeys } from "@/lib/query/moderation";
import type { ModerationSettings, ModerationSettingsInput } from "@/lib/moderation/schemas";
import { followAgeOptions, selectClass, slowModeOptions } from "@/components/chat/chat-modes";
import { errorMessage } from "@/components/chat/use-mod-actions";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { Section } from "@/components/moderation/section";

/** PATCH a subset of the channel's settings; the cache takes the server's answer. */
export function useSettingsMutation(streamId: string, done?: string) {
  const qc = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (body: ModerationSettingsInput) => endpoints.moderation.updateSettings(streamId, body),
    onSuccess: (data) => {
      qc.setQueryData(moderationKeys.settings(streamId), data);
      void qc.invalidateQueries({ queryKey: moderationKeys.log(streamId) });
      if (done) toast.show(done, "success");
    },
    onError: (err) => toast.show(errorMessage(err, "Could not save"), "error"),
  });
}

/** Slow mode and the chat modes: each change applies at once (as the chat's moderator toolbar does). */
export function ChatModesSection({ streamId, settings, editable }: { streamId: string; settings: ModerationSettings; editable: boolean }) {
  const save = useSettingsMutation(streamId);
  const set = (body: ModerationSettingsInput) => save.mutate(body);
  const disabled = !editable || save.isPending;
  return (
    <Section id="mod-modes" title="Chat modes" note="Moderators are exempt. Changes apply at once to every viewer.">
      <div className="flex flex-col gap-1" data-testid="mod-modes">
        <label className="flex items-center justify-between gap-3 px-2 py-1.5 text-sm">
          Slow mode
          <select aria-label="Slow mode" className={selectClass} disabled={disabled} value={settings.slowMode} onChange={(e) => set({ slowMode: Number(e.target.value) })}>
            {slowModeOptions(settings.slowMode, (v) => `${formatSpan(v)} between messages`).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <Switch label="Followers-only" description="Only followers may chat" checked={settings.followersOnly} disabled={disabled} onChange={(v) => set({ followersOnly: v })} />
        <label className="flex items-center justify-between gap-3 px-2 py-1.5 text-sm">
          Minimum follow age
          <select aria-label="Minimum follow age" className={selectClass} disabled={disabled} value={settings.followersMinAgeMinutes} onChange={(e) => set({ followersMinAgeMinutes: Number(e.target.value) })}>
            {followAgeOptions(settings.followersMinAgeMinutes).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <Switch label="Subscribers-only" description="Only subscribers may chat" checked={settings.subscribersOnly} disabled={disabled} onChange={(v) => set({ subscribersOnly: v })} />
        <Switch label="Emote-only" description="Messages of emoji only" checked={settings.emoteOnly} disabled={disabled} onChange={(v) => set({ emoteOnly: v })} />
      </div>
    </Section>
  );
}
