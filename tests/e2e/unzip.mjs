// A small zip reader for the tests: the central directory, then each entry inflated with
// node:zlib and its CRC-32 checked. Enough for the archives the page writes (deflated or
// stored entries, no zip64, no encryption).
import { crc32, inflateRawSync } from "node:zlib";

/** The entries of the zip archive in `buffer`, as [{ name, bytes }], in archive order. */
export function unzip(buffer) {
  const data = Buffer.from(buffer);
  let end = data.length - 22;
  while (end >= 0 && data.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip archive: no end of central directory");
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${i + 1}: bad central directory header`);
    const method = data.readUInt16LE(at + 10);
    const crc = data.readUInt32LE(at + 16);
    const compressed = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const offset = data.readUInt32LE(at + 42);
    const name = data.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (data.readUInt32LE(offset) !== 0x04034b50) throw new Error(`${name}: bad local header`);
    const start = offset + 30 + data.readUInt16LE(offset + 26) + data.readUInt16LE(offset + 28);
    const raw = data.subarray(start, start + compressed);
    const bytes = method === 8 ? inflateRawSync(raw) : method === 0 ? raw : null;
    if (!bytes) throw new Error(`${name}: compression method ${method} not read here`);
    if (bytes.length !== size) throw new Error(`${name}: ${bytes.length} bytes, the directory says ${size}`);
    if (crc32(bytes) >>> 0 !== crc) throw new Error(`${name}: CRC-32 does not match`);
    entries.push({ name, bytes });
  }
  return entries;
}
