type Decision = { error: unknown | null };

const TTL_MS = 10_000;
const MAX = 50_000;

/** Watch-access answers per `<userId|anon>:<streamId>`, each for ten seconds (bounded, in process memory). */
class AccessDecisions {
  private readonly map = new Map<string, Decision & { at: number }>();

  get(key: string): Decision | undefined {
    const d = this.map.get(key);
    if (!d) return undefined;
    if (Date.now() - d.at > TTL_MS) {
      this.map.delete(key);
      return undefined;
    }
    return d;
  }

  set(key: string, d: Decision): void {
    if (this.map.size >= MAX) this.map.clear();
    this.map.set(key, { ...d, at: Date.now() });
  }

  forgetUser(userId: string): void {
    for (const key of this.map.keys()) if (key.startsWith(`${userId}:`)) this.map.delete(key);
  }
}

const g = globalThis as typeof globalThis & { __streamhubAccess?: AccessDecisions };
export const accessDecisions: AccessDecisions = (g.__streamhubAccess ??= new AccessDecisions());

/** Forget a user's cached answers (after a ban, unban or follow change). */
export function forgetAccess(userId: string): void {
  accessDecisions.forgetUser(userId);
}
