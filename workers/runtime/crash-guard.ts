/**
 * What a media worker does with an uncaught exception: it dies (with its ffmpeg process groups, see
 * workers/media.ts), except for one error that is known to be harmless.
 *
 * @livekit/rtc-node 1.1.0 wraps each native FFI handle (rooms, tracks, streams) in an `FfiHandle` whose GC
 * finalizer drops the handle on the Rust side. When the Rust side has already freed it (a room torn down
 * while its events were in flight, which a worker joining and leaving many rooms at once hits), the native
 * drop refuses and napi reports "trying to drop an invalid handle" as an uncaught exception, raised by the
 * garbage collector with no JavaScript frames. Nothing was freed twice (the refusal is the safety check), so
 * the worker logs it and keeps its jobs; before this, one such finalizer took down a worker and every
 * recording and ingest it ran.
 */
export const STALE_FFI_DROP = "trying to drop an invalid handle";

/** The rtc-node finalizer's refusal: that exact message, and a stack without any frame (raised from GC). */
export function isStaleFfiDrop(err: unknown): boolean {
  return err instanceof Error && err.message === STALE_FFI_DROP && (err.stack ?? "").trim() === `Error: ${STALE_FFI_DROP}`;
}

/** Installs the worker's `uncaughtException` handler: `tolerated` for a stale FFI drop, `fatal` for anything else. */
export function installCrashGuard(on: { tolerated: (err: Error) => void; fatal: (err: Error) => void }): void {
  process.on("uncaughtException", (err) => (isStaleFfiDrop(err) ? on.tolerated(err) : on.fatal(err)));
}
