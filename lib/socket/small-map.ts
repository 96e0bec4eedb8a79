/** Marks the empty inline slot (a key may be undefined). */
const EMPTY: unique symbol = Symbol("empty");

/** SameValueZero, the key equality of Map. */
const same = (a: unknown, b: unknown) => a === b || (a !== a && b !== b);

/**
 * A Map for tables that hold one entry nearly always: the entry is kept in two fields (48 bytes in all), and
 * a real Map is made only from a second key on. An empty `new Map()` is already about 184 bytes in V8 (its
 * hash table has room for 4 entries), and Socket.IO makes three per connection (lib/socket/compact-connection.ts).
 * It has Map's methods and iteration order; unlike a Map, an iteration over the one inline entry does not go
 * on to an entry added meanwhile (Socket.IO's loops only delete).
 */
export class SmallMap<K, V> {
  private key: K | typeof EMPTY = EMPTY;
  private value: V | undefined = undefined;
  private big: Map<K, V> | undefined = undefined;

  /** A SmallMap with the entries of `from`, in their order. */
  static of<K, V>(from: Iterable<readonly [K, V]>): SmallMap<K, V> {
    const m = new SmallMap<K, V>();
    for (const [k, v] of from) m.set(k, v);
    return m;
  }

  get size(): number {
    return this.big ? this.big.size : this.key === EMPTY ? 0 : 1;
  }

  get(key: K): V | undefined {
    if (this.big) return this.big.get(key);
    return this.key !== EMPTY && same(this.key, key) ? this.value : undefined;
  }

  has(key: K): boolean {
    if (this.big) return this.big.has(key);
    return this.key !== EMPTY && same(this.key, key);
  }

  set(key: K, value: V): this {
    if (this.big) this.big.set(key, value);
    else if (this.key === EMPTY || same(this.key, key)) {
      this.key = key;
      this.value = value;
    } else {
      this.big = new Map([[this.key, this.value as V], [key, value]]);
      this.key = EMPTY;
      this.value = undefined;
    }
    return this;
  }

  delete(key: K): boolean {
    if (this.big) return this.big.delete(key);
    if (this.key === EMPTY || !same(this.key, key)) return false;
    this.key = EMPTY;
    this.value = undefined;
    return true;
  }

  clear(): void {
    this.big?.clear();
    this.key = EMPTY;
    this.value = undefined;
  }

  *entries(): IterableIterator<[K, V]> {
    if (this.big) yield* this.big.entries();
    else if (this.key !== EMPTY) yield [this.key, this.value as V];
  }

  *keys(): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: K, map: this) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  get [Symbol.toStringTag](): string {
    return "SmallMap";
  }
}
