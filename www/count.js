// Counts as the core writes them (crate::render::count): "1 mailbox", "1,000,000 mailboxes".

/** `n` with its noun: `count(1, "mailbox", "mailboxes")` is "1 mailbox". */
export function count(n, one, many = `${one}s`) {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/**
 * `n` with thousands separators: 1000000 is "1,000,000". By hand, not toLocaleString:
 * its first call loads the browser's locale data, about 20 ms before the first result.
 */
export function thousands(n) {
  const [whole, fraction] = String(Number(n)).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
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
