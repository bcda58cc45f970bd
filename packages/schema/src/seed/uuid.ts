import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562) for a row created at `time`, like the `uuid(7)` default of the schema would
 * have produced then: ids sort by creation time, as the real data's do. The seed knows every id before
 * writing, so related rows can be written with plain `createMany`.
 */
export function uuidV7(time: Date): string {
  const milliseconds = time.getTime();
  if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new RangeError('uuidV7: invalid time');
  const bytes = randomBytes(16);
  let rest = milliseconds;
  for (let index = 5; index >= 0; index -= 1) {
    bytes[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
