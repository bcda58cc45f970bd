import { describe, expect, it } from 'vitest';
import { canRate } from './rating';

describe('canRate', () => {
  it('lets a closed ticket without a rating be rated, and nothing else', () => {
    expect(canRate({ status: 'DONE', rating: null })).toBe(true);
    expect(canRate({ status: 'CANCELLED', rating: null })).toBe(true);
    for (const status of ['NEW', 'IN_PROGRESS', 'COMPLAINT', 'SUSPENDED'] as const) {
      expect(canRate({ status, rating: null })).toBe(false);
    }
    const rating = { id: 'r1', score: 4, comment: null, createdAt: '2026-11-23T10:00:00.000Z' };
    expect(canRate({ status: 'DONE', rating })).toBe(false);
  });
});
