import type { Socket } from "socket.io";
import type { ZodType } from "zod";
import { toSocketAck, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";

export type Ack = (response: unknown) => void;

/**
 * Registers a client event: validates the payload with zod, calls the use case and answers through the
 * acknowledgement `{ success, data | error }`. Without an ack, errors go out as the `stream_error` event.
 */
export function onEvent<T>(socket: Socket, event: string, schema: ZodType<T>, fn: (input: T) => Promise<unknown>): void {
  socket.on(event, async (payload: unknown, maybeAck?: unknown) => {
    const ack: Ack | undefined = typeof maybeAck === "function" ? (maybeAck as Ack) : typeof payload === "function" ? (payload as Ack) : undefined;
    try {
      const input = schema.parse(typeof payload === "function" ? undefined : payload);
      const data = await fn(input);
      ack?.({ success: true, data: data ?? null });
    } catch (err) {
      const body = toSocketAck(err);
      if (toAppError(err).status >= 500) log.error("socket handler failed", { event, err: err instanceof Error ? err.stack : String(err) });
      if (ack) ack(body);
      else socket.emit("stream_error", { event, ...body.error });
    }
  });
}
