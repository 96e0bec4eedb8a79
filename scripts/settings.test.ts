import { test } from "node:test";
import assert from "node:assert/strict";
import { parseServicesConfig } from "./settings";

test("services settings: a wrong value fails naming the variable", () => {
  assert.throws(() => parseServicesConfig({ MONGO_PORT: "abc" }), /MONGO_PORT/);
});

test("services settings: the demo seed is on unless switched off", () => {
  assert.equal(parseServicesConfig({}).SEED_DEMO, true);
  assert.equal(parseServicesConfig({ SEED_DEMO: "false" }).SEED_DEMO, false);
});
