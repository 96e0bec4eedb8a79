import "client-only";
import type { BanResult, ChatModes, ClearChatResult, ModeratorLevel, ModeratorResult, PublicChatSettings, TimeoutResult } from "@/lib/moderation/schemas";

type Emit = <T>(event: string, payload: unknown) => Promise<T>;

/**
 * Channel moderation over the SDK's socket (the spec's `ban_user`, `add_moderator`… events): each call
 * resolves with the server's acknowledgement or throws its error. The stream defaults to the current one.
 */
export class SocketModeration {
  constructor(
    private readonly emit: Emit,
    private readonly streamIdOr: (streamId?: string) => string,
  ) {}

  private send<T>(event: string, streamId: string | undefined, payload: object = {}): Promise<T> {
    return this.emit<T>(event, { streamId: this.streamIdOr(streamId), ...payload });
  }

  ban(userId: string, opts: { reason?: string; durationMinutes?: number } = {}, streamId?: string): Promise<BanResult> {
    return this.send("ban_user", streamId, { userId, ...(opts.reason ? { reason: opts.reason } : {}), ...(opts.durationMinutes ? { durationMinutes: opts.durationMinutes } : {}) });
  }

  unban(userId: string, streamId?: string): Promise<BanResult> {
    return this.send("unban_user", streamId, { userId });
  }

  timeout(userId: string, durationSeconds = 600, reason?: string, streamId?: string): Promise<TimeoutResult> {
    return this.send("timeout_user", streamId, { userId, durationSeconds, ...(reason ? { reason } : {}) });
  }

  untimeout(userId: string, streamId?: string): Promise<TimeoutResult> {
    return this.send("untimeout_user", streamId, { userId });
  }

  addModerator(userId: string, level: ModeratorLevel = "moderator", streamId?: string): Promise<ModeratorResult> {
    return this.send("add_moderator", streamId, { userId, level });
  }

  removeModerator(userId: string, streamId?: string): Promise<ModeratorResult> {
    return this.send("remove_moderator", streamId, { userId });
  }

  slowMode(seconds: number, streamId?: string): Promise<PublicChatSettings> {
    return this.send("slow_mode", streamId, { seconds });
  }

  chatMode(modes: Partial<ChatModes>, streamId?: string): Promise<PublicChatSettings> {
    return this.send("chat_mode", streamId, modes);
  }

  clearChat(streamId?: string): Promise<ClearChatResult> {
    return this.send("clear_chat", streamId);
  }
}
