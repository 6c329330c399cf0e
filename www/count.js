// Counts as the core writes them (crate::render::count): "1 mailbox", "1,000,000 mailboxes".

/** `n` with its noun: `count(1, "mailbox", "mailboxes")` is "1 mailbox". */
export function count(n, one, many = `${one}s`) {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/** `n` with thousands separators: 1000000 is "1,000,000". */
export function thousands(n) {
  return Number(n).toLocaleString("en");
}

/** At most this many migration batches can exist at once in a tenant (crate::csv::split::MAX_BATCHES). */
export const MAX_BATCHES = 100;

/**
 * The batch count as the core says it (crate::csv::split::batches_text): "4 batches needed",
 * and past 100 also that only 100 can exist at once.
 */
export function batchesText(n) {
  const needed = `${count(n, "batch", "batches")} needed`;
  return n > MAX_BATCHES
    ? `${needed}; only ${count(MAX_BATCHES, "batch", "batches")} can exist at once: create, start and remove them in waves`
    : needed;
}
