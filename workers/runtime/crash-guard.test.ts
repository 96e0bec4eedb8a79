import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const ROOT = path.resolve(import.meta.dirname, "../..");
const GUARD = path.join(ROOT, "workers/runtime/crash-guard.ts");

/** A node process (with tsx, and the project's node_modules) that installs the guard, then runs `body`. */
function guarded(body: string): { code: number | null; out: string } {
  const script = `
    import { installCrashGuard } from ${JSON.stringify(GUARD)};
    installCrashGuard({
      tolerated: (err) => console.log("tolerated:", err.message),
      fatal: (err) => { console.log("fatal:", err.message); process.exit(1); },
    });
    ${body}
    for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); }
    console.log("alive");`;
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test("rtc-node's finalizer refusing a handle the FFI side already freed does not stop the worker", () => {
  // A real native FfiHandle whose handle was never allocated: its drop at GC time is refused, as for a
  // handle freed with its room. Without the guard this is the uncaught exception that killed the worker.
  const r = guarded(`import { FfiHandle } from "@livekit/rtc-ffi-bindings"; (() => { new FfiHandle(987654321n); })();`);
  assert.match(r.out, /tolerated: trying to drop an invalid handle/, r.out);
  assert.match(r.out, /alive/, r.out);
  assert.equal(r.code, 0, r.out);
});

test("any other uncaught exception is fatal, also one with that message thrown by JavaScript", () => {
  const other = guarded(`setImmediate(() => { throw new Error("boom"); }); await new Promise((r) => setTimeout(r, 100));`);
  assert.match(other.out, /fatal: boom/, other.out);
  assert.doesNotMatch(other.out, /alive/);
  assert.equal(other.code, 1);
  const thrown = guarded(`setImmediate(() => { throw new Error("trying to drop an invalid handle"); }); await new Promise((r) => setTimeout(r, 100));`);
  assert.match(thrown.out, /fatal: trying to drop an invalid handle/, thrown.out);
  assert.equal(thrown.code, 1);
});
