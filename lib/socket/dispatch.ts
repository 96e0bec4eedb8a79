import type { Socket } from "socket.io";
import type { ZodType } from "zod";
import { AppError, toSocketAck, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import type { Presence } from "@/lib/realtime/presence";
import type { ConnectionSlots } from "@/lib/realtime/connection-slots";

export type Ack = (response: unknown) => void;
export type Ctx = { presence: Presence; slots: ConnectionSlots };

/** A client event: its payload schema and the adapter that calls the use case. */
export type EventHandler = { schema: ZodType; run: (socket: Socket, input: never, ctx: Ctx) => Promise<unknown> };

/** Declares a handler with its input type inferred from the schema. */
export function handler<T>(schema: ZodType<T>, run: (socket: Socket, input: T, ctx: Ctx) => Promise<unknown>): EventHandler {
  return { schema, run: run as EventHandler["run"] };
}

/**
 * Runs a client event from one table shared by every socket (one listener per socket, not one closure per
 * event and socket): validates the payload with zod, calls the handler and answers through the
 * acknowledgement `{ success, data | error }`. Without an ack, errors go out as the `stream_error` event.
 */
export async function dispatch(table: Readonly<Record<string, EventHandler>>, socket: Socket, ctx: Ctx, event: unknown, args: unknown[]): Promise<void> {
  // Socket.IO's parser takes numbers as event names too (`42[7]`): nothing below may assume a string.
  const name = (typeof event === "string" ? event : String(event)).slice(0, 64);
  const last = args[args.length - 1];
  const ack: Ack | undefined = typeof last === "function" ? (last as Ack) : undefined;
  const payload = ack ? args[0] === last ? undefined : args[0] : args[0];
  try {
    const h = typeof event === "string" && Object.hasOwn(table, event) ? table[event] : undefined;
    if (!h) throw new AppError("NOT_FOUND", `Unknown event ${name}`);
    const input = h.schema.parse(payload) as never;
    const data = await h.run(socket, input, ctx);
    ack?.({ success: true, data: data ?? null });
  } catch (err) {
    const body = toSocketAck(err);
    if (toAppError(err).status >= 500) log.error("socket handler failed", { event: name, err: err instanceof Error ? err.stack : String(err) });
    if (ack) ack(body);
    else socket.emit("stream_error", { event: name, ...body.error });
  }
}
