/**
 * One instance per process. server.ts (run by tsx) and Next's bundles each load their own copy of our
 * modules in the same process, so module-level state would exist twice; state that must be shared (the
 * database connection, the Socket.IO server, caches, buffers) is kept here, on globalThis, by name.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const g = globalThis as typeof globalThis & { __streamhub?: Map<string, unknown> };
  const store = (g.__streamhub ??= new Map<string, unknown>());
  if (!store.has(name)) store.set(name, create());
  return store.get(name) as T;
}
