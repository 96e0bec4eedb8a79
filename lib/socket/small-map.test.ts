import { test } from "node:test";
import assert from "node:assert/strict";
import { SmallMap } from "@/lib/socket/small-map";

/** Runs the same steps on a Map and a SmallMap and compares every answer and the entries after each. */
function sameAsMap(steps: ((m: Map<unknown, number> | SmallMap<unknown, number>) => unknown)[]): void {
  const map = new Map<unknown, number>();
  const small = new SmallMap<unknown, number>();
  for (const [i, step] of steps.entries()) {
    const a = step(map);
    const b = step(small);
    assert.deepEqual(a === map ? "self" : a, b === small ? "self" : b, `step ${i}`);
    assert.deepEqual([...small], [...map], `entries after step ${i}`);
    assert.equal(small.size, map.size, `size after step ${i}`);
  }
}

test("a SmallMap answers as a Map does: empty, one entry, several, deletes and clear", () => {
  sameAsMap([
    (m) => m.get("a"),
    (m) => m.has(undefined),
    (m) => m.delete("a"),
    (m) => m.set("a", 1),
    (m) => m.set("a", 2),
    (m) => m.get("a"),
    (m) => m.has("b"),
    (m) => m.delete("b"),
    (m) => m.set(NaN, 3),
    (m) => m.get(NaN),
    (m) => m.set(0, 4),
    (m) => m.get(-0),
    (m) => [...m.keys()],
    (m) => [...m.values()],
    (m) => m.delete("a"),
    (m) => m.delete("a"),
    (m) => {
      const seen: unknown[] = [];
      m.forEach((v, k) => seen.push([k, v]));
      return seen;
    },
    (m) => m.clear(),
    (m) => m.set(undefined, 5),
    (m) => m.get(undefined),
    (m) => m.has(undefined),
    (m) => m.delete(undefined),
    (m) => m.size,
  ]);
});

test("a SmallMap built from a Map keeps its entries in order, and a loop may delete the entry it is at", () => {
  const small = SmallMap.of(new Map([["x", 1]]));
  assert.deepEqual([...small.entries()], [["x", 1]]);
  // Socket.IO's close: each socket of the client is closed, which deletes it from the table mid-loop.
  const visited: number[] = [];
  for (const v of small.values()) {
    visited.push(v);
    small.delete("x");
  }
  assert.deepEqual(visited, [1]);
  assert.equal(small.size, 0);
  const two = SmallMap.of(new Map([["x", 1], ["y", 2]]));
  const order: number[] = [];
  for (const v of two.values()) {
    order.push(v);
    if (v === 1) two.delete("x");
  }
  assert.deepEqual(order, [1, 2]);
  assert.equal(Object.prototype.toString.call(two), "[object SmallMap]");
});
