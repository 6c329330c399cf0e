// The page's counts (www/count.js) group digits by hand, not with toLocaleString (whose
// first call loads locale data before the first result): they must read the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { batchesText, count, thousands } from "../../www/count.js";

test("thousands groups digits as toLocaleString('en') does", () => {
  const numbers = [0, 1, 9, 10, 999, 1000, 1001, 99_999, 100_000, 123_456_789, -1234, 2_000_000_000];
  for (let n = 1; n < 1e15; n = n * 7 + 3) numbers.push(n);
  for (const n of numbers) assert.equal(thousands(n), n.toLocaleString("en"), String(n));
});

test("counts say the noun once and group the number", () => {
  assert.equal(count(1, "mailbox", "mailboxes"), "1 mailbox");
  assert.equal(count(1_000_000, "mailbox", "mailboxes"), "1,000,000 mailboxes");
  assert.match(batchesText(500), /^500 batches needed; only 100 batches can exist at once/);
});
