import { describe, expect, it } from 'vitest';
import { formatDuration, since } from './format';
import { slaLevel } from './sla';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [65_000, '1:05'],
    [59 * 60_000 + 59_000, '59:59'],
    [3_600_000, '1:00:00'],
    [3_723_000, '1:02:03'],
    [-5000, '0:00'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('since', () => {
  it('measures from an ISO date', () => {
    expect(since('2026-11-23T10:00:00Z', Date.parse('2026-11-23T10:01:30Z'))).toBe(90_000);
  });
});

describe('slaLevel', () => {
  it('is ok, then at risk within the threshold, then breached', () => {
    expect(slaLevel(31 * 60_000)).toBe('ok');
    expect(slaLevel(30 * 60_000)).toBe('at-risk');
    expect(slaLevel(1)).toBe('at-risk');
    expect(slaLevel(0)).toBe('breached');
    expect(slaLevel(-1, 1000)).toBe('breached');
  });
});
