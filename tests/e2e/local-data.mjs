// A stand-in for tests/e2e/data.mjs (realShapedCsv, by the wasm-speed helper) until it
// is merged: staged-migration CSVs shaped like real ones. Addresses are first and last
// names plus a number over three domains; passwords are 10–16 random characters from
// letters, digits and !@#$%^&*-_+=?; about 1% of rows carry a fault (a missing @, a
// duplicate address, a weak or common password, Yes in ForceChangePassword) unless
// `faults` is false. Seeded: the same arguments give the same file.

const FIRST = ["anna", "ben", "carla", "david", "eva", "felix", "greta", "hugo", "ines", "jonas", "karin", "lukas", "maria", "nils", "olga", "paul", "rosa", "stefan", "tina", "uwe"];
const LAST = ["schmidt", "meyer", "weber", "wagner", "becker", "hoffmann", "koch", "richter", "klein", "wolf", "neumann", "braun", "zimmer", "krause", "lange", "hartmann"];
const DOMAINS = ["contoso.com", "fabrikam.com", "northwind.org"];
const CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_+=?";
const WEAK = ["Password1", "Summer2024!", "Welcome123", "Contoso2024"];

/** A small seeded generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The CSV text with the header and `rows` mailbox rows. */
export function realShapedCsv(rows, seed = 1, { faults = true } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const parts = ["EmailAddress,Password,ForceChangePassword\r\n"];
  const chars = new Array(16);
  let previous = "";
  for (let i = 0; i < rows; i++) {
    let address = `${pick(FIRST)}.${pick(LAST)}${i}@${DOMAINS[i % 3]}`;
    const length = 10 + Math.floor(next() * 7);
    // Every kind of character, so a clean row meets Microsoft's complexity rule.
    chars[0] = "ABCDEFGHJKMNPQRSTUVWXYZ"[Math.floor(next() * 23)];
    chars[1] = "abcdefghjkmnpqrstuvwxyz"[Math.floor(next() * 23)];
    chars[2] = String(Math.floor(next() * 10));
    // One random number gives four characters (75 < 2^7).
    for (let c = 3; c < length; c += 4) {
      let r = Math.floor(next() * 2 ** 28);
      for (let k = c; k < Math.min(c + 4, length); k++, r >>>= 7) chars[k] = CHARS[(r & 127) % CHARS.length];
    }
    let password = chars.slice(0, length).join("");
    let force = next() < 0.5 ? "True" : "False";
    if (faults && next() < 0.01) {
      const kind = Math.floor(next() * 4);
      if (kind === 0) address = address.replace("@", ".");
      else if (kind === 1 && previous) address = previous;
      else if (kind === 2) password = pick(WEAK);
      else force = "Yes";
    }
    previous = address;
    parts.push(`${address},${password},${force}\r\n`);
  }
  return parts.join("");
}
