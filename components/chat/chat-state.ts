import type { ChatMessage, JoinedStream } from "@/lib/client/enhanced-live-stream-client";
import type { PublicChatSettings } from "@/lib/moderation/schemas";
import type { DonationEvent } from "@/lib/payments/schemas";

export type Burst = { id: number; emoji: string };
type Typing = Record<string, { username: string; until: number }>;
/** What the server says this viewer may do in the stream (the join acknowledgement's `access`). */
export type Access = JoinedStream["access"];
/** A line the chat itself writes (a ban, a timeout, a clear): not a message anyone sent. */
export type SystemLine = { system: true; id: string; text: string; donation?: DonationEvent };
export type ChatLine = ChatMessage | SystemLine;

export const isSystem = (l: ChatLine): l is SystemLine => "system" in l;

export type State = {
  status: "connecting" | "joined" | "error";
  /** Why the chat could not join (status "error"), or why its last attempt failed while it tries again ("connecting"). */
  error: string | null;
  messages: ChatLine[];
  nextBefore: string | null;
  viewers: number | null;
  typing: Typing;
  bursts: Burst[];
  streamStatus: string | null;
  engagement: { likes: number; shares: number } | null;
  access: Access | null;
  permissions: Access["permissions"] | null;
  /** The channel's chat modes, as every viewer may know them. */
  chatSettings: PublicChatSettings | null;
  /** Until when this viewer's timeout runs (ISO), or null. */
  timeoutUntil: string | null;
  /** This viewer was banned while watching: the chat says so and offers no input. */
  banned: boolean;
  /** Paid tips waiting for their turn on the player's alert, oldest first (the first one is showing). */
  alerts: DonationEvent[];
};

export type Action =
  | { type: "joined"; messages: ChatMessage[]; nextBefore: string | null; viewers: number; streamStatus: string; access: Access; chatSettings: PublicChatSettings | null }
  | { type: "access"; access: Access; chatSettings: PublicChatSettings | null }
  | { type: "error"; error: string }
  | { type: "retrying"; error: string }
  | { type: "message"; message: ChatMessage }
  | { type: "deleted"; messageId: string }
  | { type: "reactions"; messageId: string; reactions: Record<string, number> }
  | { type: "viewers"; count: number }
  | { type: "typing"; userId: string; username: string; isTyping: boolean }
  | { type: "burst"; emojis: string[] }
  | { type: "expire" }
  | { type: "status"; status: string }
  | { type: "engagement"; likes: number; shares: number }
  | { type: "system"; text: string }
  | { type: "userCleared"; userId: string }
  | { type: "cleared"; text: string }
  | { type: "settings"; settings: PublicChatSettings }
  | { type: "timedOut"; until: string | null }
  | { type: "banned" }
  | { type: "donation"; donation: DonationEvent }
  | { type: "alertDone"; donationId: string };

const MAX_MESSAGES = 300;
/** A tip storm queues at most this many alerts (each shows for seconds); the chat keeps every line. */
const MAX_ALERTS = 50;
let burstId = 0;
let systemId = 0;

export const initialState: State = {
  status: "connecting",
  error: null,
  messages: [],
  nextBefore: null,
  viewers: null,
  typing: {},
  bursts: [],
  streamStatus: null,
  engagement: null,
  access: null,
  permissions: null,
  chatSettings: null,
  timeoutUntil: null,
  banned: false,
  alerts: [],
};

const systemLine = (text: string): SystemLine => ({ system: true, id: `system-${++systemId}`, text });
const append = (s: State, line: ChatLine): ChatLine[] => [...s.messages, line].slice(-MAX_MESSAGES);

export function reducer(s: State, a: Action): State {
  switch (a.type) {
    case "joined":
      return {
        ...s, status: "joined", error: null, messages: a.messages, nextBefore: a.nextBefore, viewers: a.viewers, streamStatus: a.streamStatus,
        access: a.access, permissions: a.access.permissions, timeoutUntil: a.access.timeoutUntil, chatSettings: a.chatSettings ?? s.chatSettings,
      };
    case "access":
      return { ...s, access: a.access, permissions: a.access.permissions, timeoutUntil: a.access.timeoutUntil, chatSettings: a.chatSettings ?? s.chatSettings };
    case "error":
      return { ...s, status: "error", error: a.error };
    case "retrying":
      return { ...s, status: "connecting", error: a.error };
    case "message": {
      if (s.messages.some((m) => m.id === a.message.id)) return s;
      const typing = { ...s.typing };
      delete typing[a.message.sender.id];
      return { ...s, messages: append(s, a.message), typing };
    }
    case "deleted":
      return { ...s, messages: s.messages.filter((m) => m.id !== a.messageId) };
    case "reactions":
      return { ...s, messages: s.messages.map((m) => (m.id === a.messageId && !isSystem(m) ? { ...m, reactions: a.reactions } : m)) };
    case "viewers":
      return { ...s, viewers: a.count };
    case "typing": {
      const typing = { ...s.typing };
      if (a.isTyping) typing[a.userId] = { username: a.username, until: Date.now() + 4000 };
      else delete typing[a.userId];
      return { ...s, typing };
    }
    case "burst":
      return { ...s, bursts: [...s.bursts, ...a.emojis.map((emoji) => ({ id: ++burstId, emoji }))].slice(-40) };
    case "expire": {
      const now = Date.now();
      const typing = Object.fromEntries(Object.entries(s.typing).filter(([, t]) => t.until > now));
      return { ...s, typing, bursts: s.bursts.filter((b) => burstId - b.id < 40) };
    }
    case "status":
      return { ...s, streamStatus: a.status };
    case "engagement":
      return { ...s, engagement: { likes: a.likes, shares: a.shares } };
    case "system":
      return { ...s, messages: append(s, systemLine(a.text)) };
    case "userCleared":
      return { ...s, messages: s.messages.filter((m) => isSystem(m) || m.sender.id !== a.userId) };
    case "cleared":
      return { ...s, messages: [systemLine(a.text)] };
    case "settings":
      return { ...s, chatSettings: a.settings };
    case "timedOut":
      return { ...s, timeoutUntil: a.until };
    case "banned":
      return { ...s, banned: true, typing: {} };
    case "donation": {
      // Stripe may deliver the same payment twice; one tip is one alert and one line.
      const id = `donation-${a.donation.donationId}`;
      if (s.messages.some((m) => m.id === id) || s.alerts.some((d) => d.donationId === a.donation.donationId)) return s;
      const line: SystemLine = { system: true, id, text: a.donation.message, donation: a.donation };
      return { ...s, messages: append(s, line), alerts: [...s.alerts, a.donation].slice(-MAX_ALERTS) };
    }
    case "alertDone":
      return { ...s, alerts: s.alerts.filter((d) => d.donationId !== a.donationId) };
  }
}
