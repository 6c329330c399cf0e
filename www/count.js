// Counts as the core writes them (crate::render::count): "1 mailbox", "1,000,000 mailboxes".

/** `n` with its noun: `count(1, "mailbox", "mailboxes")` is "1 mailbox". */
export function count(n, one, many = `${one}s`) {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/** `n` with thousands separators: 1000000 is "1,000,000". */
export function thousands(n) {
  return Number(n).toLocaleString("en");
}
