import { accountEvents } from "@/lib/socket/handlers/accounts";
import { streamEvents } from "@/lib/socket/handlers/streams";
import { chatEvents } from "@/lib/socket/handlers/chat";
import { moderationEvents } from "@/lib/socket/handlers/moderation";
import { guestEvents } from "@/lib/socket/handlers/guests";
import { analyticsEvents } from "@/lib/socket/handlers/analytics";
import type { EventHandler } from "@/lib/socket/dispatch";

/**
 * Every client event, one table for all sockets. Exported on its own so that what enumerates the events
 * (tests/socket-fuzz.test.ts fuzzes each one) picks up a new handler without being told.
 */
export const SOCKET_EVENTS: Readonly<Record<string, EventHandler>> = { ...accountEvents, ...streamEvents, ...chatEvents, ...moderationEvents, ...guestEvents, ...analyticsEvents };
