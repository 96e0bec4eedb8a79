import type { EventEmitter } from "node:events";
import type { Socket } from "socket.io";
import { SmallMap } from "@/lib/socket/small-map";

/**
 * Memory per connection, the layout part (issue 21: a chat viewer must cost at most 8 kB of heap). A
 * connection is a chain of event emitters — the Socket.IO socket, the engine.io socket, its transport, the
 * `ws` socket — and Node gives each a listener table `{ __proto__: null }`, which V8 keeps as a hash table
 * (about 300 bytes each, heap snapshot: `WebSocket._events → Object.properties`). Node's own streams avoid
 * this by giving `_events` a fixed shape (`lib/internal/streams/readable.js`: `this._events ??= { close:
 * undefined, … }`); here the same is done once the connection's listeners are in place: the table is copied
 * into an object with fast properties whose prototype chain holds nothing (so no `toString` or `constructor`
 * can be mistaken for a listener), and each listener array into one of its own length (`push` had grown
 * some to 17 slots for one or two listeners). The same goes for three arrays that stay as they are for the
 * connection's life: the Socket.IO socket's catch-all listeners (`onAny`), the packet decoder's listeners and
 * engine.io's clean-up functions. Arrays that grow with traffic (send queues) are left alone. And the three
 * Maps Socket.IO makes per connection, which hold one entry or none nearly always (the client's sockets and
 * namespaces, one each for our one namespace; the socket's pending acknowledgements, none: the server asks
 * for none), become SmallMaps (lib/socket/small-map.ts): 48 bytes instead of 184 each.
 *
 * What the emitters do is unchanged: `emit`, `on`, `off`, `once`, `eventNames()` and `listenerCount()` read a
 * table the same way whatever its layout, and a removal (`delete`) or a later listener still works (V8 then
 * goes back to a hash table for that one object). A table or array not of the expected kind is left alone,
 * so a library that changed its layout just costs the memory again (a unit test fails).
 */

/** The tables' constructor: instances get fast properties; the prototype chain is one empty, null-prototype object. */
function Listeners(this: object): void {}
Listeners.prototype = Object.create(null) as object;
const NewTable = Listeners as unknown as new () => Record<PropertyKey, unknown>;

type WithTable = { _events?: Record<PropertyKey, unknown> };

/** Gives one emitter's listener table fast properties; false when it had none of the kind Node makes. */
export function compactListeners(emitter: EventEmitter | null | undefined): boolean {
  const e = emitter as WithTable | null | undefined;
  const table = e?._events;
  if (!table || Object.getPrototypeOf(table) !== null) return false;
  const fast = new NewTable();
  for (const key of Reflect.ownKeys(table)) {
    const v = table[key];
    fast[key] = Array.isArray(v) ? v.slice() : v;
  }
  e._events = fast;
  return true;
}

/** Copies an array to one of its length (`slice` allocates exactly that); null when there is none to copy. */
function trimmed<T>(a: T[] | undefined): T[] | null {
  return Array.isArray(a) && a.length > 0 ? a.slice() : null;
}

type EngineSocket = EventEmitter & { transport?: EventEmitter & { name?: string; socket?: EventEmitter }; cleanupFn?: unknown[] };
type Decoder = { _callbacks?: Record<string, unknown[]> };
type Table = Map<unknown, unknown> | SmallMap<unknown, unknown>;
/** The private fields read here, as the pinned socket.io and engine.io have them. */
type Compactable = EventEmitter & { _anyListeners?: unknown[]; acks?: Table; conn: EngineSocket; client: { decoder?: Decoder; sockets?: Table; nsps?: Table } };

/** A Map as a SmallMap with the same entries; null for anything else (left as it is). */
const small = (m: Table | undefined) => (m instanceof Map ? SmallMap.of(m) : null);

/**
 * Compacts a connection once its listeners are in place (lib/socket/server.ts, at `connection`). A connection
 * that began on long-polling gets its WebSocket transport later: it is compacted again when it upgrades.
 * Returns how many listener tables were compacted (for the unit test).
 */
export function compactConnection(socket: Socket): number {
  const s = socket as unknown as Compactable;
  const conn = s.conn;
  const transport = conn.transport;
  if (transport && transport.name !== "websocket") conn.once("upgrade", () => compactConnection(socket));
  let n = 0;
  for (const e of [s, conn, transport, transport?.socket]) if (compactListeners(e)) n++;
  // Each field is replaced only when it is what the pinned library has there: no field is ever added.
  const anyListeners = trimmed(s._anyListeners);
  if (anyListeners) s._anyListeners = anyListeners;
  const cleanups = trimmed(conn.cleanupFn);
  if (cleanups) conn.cleanupFn = cleanups;
  const callbacks = s.client.decoder?._callbacks;
  if (callbacks) for (const k of Object.keys(callbacks)) callbacks[k] = trimmed(callbacks[k]) ?? callbacks[k]!;
  const acks = small(s.acks);
  if (acks) s.acks = acks;
  const sockets = small(s.client.sockets);
  if (sockets) s.client.sockets = sockets;
  const nsps = small(s.client.nsps);
  if (nsps) s.client.nsps = nsps;
  return n;
}
