import { test } from "node:test";
import assert from "node:assert/strict";
import { playwrightFailures, tapFailures } from "./test-report";

const TAP = `TAP version 13
# Subtest: outer
    # Subtest: inner fails
    not ok 1 - inner fails
      ---
      duration_ms: 2.27
      location: '/tmp/zz.test.ts:2:900'
      failureType: 'testCodeFailure'
      error: |-
        one is not two

        1 !== 2

      code: 'ERR_ASSERTION'
      stack: |-
        TestContext.<anonymous> (/tmp/zz.test.ts:4:46)
      ...
    1..1
not ok 1 - outer
  ---
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
# Subtest: plain fails
not ok 2 - plain fails
  ---
  failureType: 'testCodeFailure'
  error: 'boom'
  ...
# Subtest: passes
ok 3 - passes
`;

test("a TAP report's failures: each failed test with its error's first lines, not the suites around them", () => {
  assert.deepEqual(tapFailures(TAP), ["inner fails\n    one is not two\n    1 !== 2", "plain fails\n    boom"]);
  assert.deepEqual(tapFailures("TAP version 13\nok 1 - fine\n"), []);
});

test("a Playwright report's failed and flaky specs, colours removed", () => {
  const failures = playwrightFailures([
    {
      title: "a.spec.ts",
      specs: [
        { title: "works", file: "a.spec.ts", line: 3, tests: [{ status: "expected", results: [{ status: "passed" }] }] },
        {
          title: "bans",
          file: "a.spec.ts",
          line: 9,
          tests: [{ status: "unexpected", results: [{ status: "failed", error: { message: "\u001b[31mExpected\u001b[39m 1\nline 2\nline 3\nline 4" } }, { status: "timedOut" }] }],
        },
      ],
      suites: [{ title: "inner", specs: [{ title: "retried", file: "b.spec.ts", line: 1, tests: [{ status: "flaky", results: [{ status: "failed", error: { message: "x" } }, { status: "passed" }] }] }] }],
    },
  ]);
  assert.deepEqual(failures, [
    "retried (b.spec.ts:1) flaky (passed on retry)\n    try 1: x",
    "bans (a.spec.ts:9) failed\n    try 1: Expected 1\n      line 2\n      line 3\n    try 2: timedOut",
  ]);
});
