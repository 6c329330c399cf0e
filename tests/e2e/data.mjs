// Real-shaped staged-migration CSVs for the benchmarks (issue 14), deterministic from a
// seed: the same algorithm as tests/bench/real_shaped.rs, which must give the same text
// (tests/real_shaped.rs compares them).
//
// - addresses first.last plus a number, over three domains;
// - passwords of 10-16 random characters from letters, digits and !@#$%^&*-_+=? (the
//   first a letter or digit, as generators do, so no cell reads as an Excel formula; drawn
//   again until three of the four kinds of characters are in, as Entra ID requires);
// - ForceChangePassword True or False;
// - about 1% faults, in equal parts: an address without its @, an address repeated from
//   an earlier row, a weak password (6-9 lower-case letters), a common password, and
//   Yes in ForceChangePassword.

export const FIRST = [
  "james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "william",
  "elizabeth", "david", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah",
  "charles", "karen", "pilar", "toby", "brian", "ana", "lars", "ingrid", "mohammed", "fatima",
  "wei", "mei", "hiroshi", "yuki", "carlos", "lucia", "pierre", "amelie", "jan", "eva",
  "giulia", "marco", "olga", "ivan", "priya", "arjun", "noah", "emma", "liam", "olivia",
];
export const LAST = [
  "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
  "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor",
  "moore", "jackson", "martin", "pedersen", "nielsen", "tanaka", "suzuki", "wang", "li",
  "mueller", "schmidt", "dubois", "rossi", "novak", "kowalski", "ivanova", "patel", "singh",
  "kim", "park", "nguyen", "silva", "santos", "ohara", "brien", "costa", "jensen", "berg",
];
export const DOMAINS = ["contoso.com", "fabrikam.com", "northwindtraders.com"];
export const COMMON = [
  "Password1", "Pa$$w0rd", "P@ssw0rd", "Welcome1", "Summer2024!", "Qwerty123!",
  "Passw0rd!", "Winter2023", "Letmein123", "Changeme1",
];
const CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_+=?";
const ALNUM = 62;

/** mulberry32: a small 32-bit PRNG, the same in Rust (wrapping arithmetic). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Kinds of characters (lower, upper, digit, symbol) in a password. */
function kinds(password) {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((kind) => kind.test(password)).length;
}

/** A cell as Excel writes it: quoted if it holds a delimiter, a quote or a line break. */
function cell(value) {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A staged-migration CSV of `rows` mailbox rows (CRLF line ends, header first). */
export function realShapedCsv(rows, seed) {
  const next = prng(seed);
  const below = (n) => next() % n;
  const addresses = [];
  const parts = ["EmailAddress,Password,ForceChangePassword\r\n"];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[below(FIRST.length)];
    const last = LAST[below(LAST.length)];
    const domain = DOMAINS[below(DOMAINS.length)];
    let address = `${first}.${last}${i + 1}@${domain}`;
    let password;
    do {
      const length = 10 + below(7);
      password = CHARS[below(ALNUM)];
      for (let k = 1; k < length; k++) password += CHARS[below(CHARS.length)];
    } while (kinds(password) < 3);
    let force = below(2) ? "True" : "False";
    const fault = below(1000);
    if (fault < 10) {
      switch (fault % 5) {
        case 0:
          address = address.replace("@", "");
          break;
        case 1:
          if (i > 0) address = addresses[below(i)];
          break;
        case 2: {
          const weak = 6 + below(4);
          password = "";
          for (let k = 0; k < weak; k++) password += CHARS[26 + below(26)];
          break;
        }
        case 3:
          password = COMMON[below(COMMON.length)];
          break;
        default:
          force = "Yes";
      }
    }
    addresses.push(address);
    parts.push(`${cell(address)},${cell(password)},${force}\r\n`);
  }
  return parts.join("");
}

// `node tests/e2e/data.mjs ROWS SEED` prints the CSV (tests/real_shaped.rs compares it).
if (typeof process !== "undefined" && import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(realShapedCsv(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 1)));
}
