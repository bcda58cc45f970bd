import { describe, expect, it } from 'vitest';
import { measure } from '../src/load.ts';

describe('measure', () => {
  it('counts every operation when there is no warm-up, each with its own index', async () => {
    const indices: number[] = [];
    const result = await measure(2, { seconds: 10, maxCount: 6, warmUpSeconds: 0 }, async (i) => {
      indices.push(i);
    });
    expect(result.count).toBe(6);
    expect(indices.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('does not count the warm-up, whose operations draw from the same indices', async () => {
    const indices: number[] = [];
    // The warm-up outlasts the five indices there are: the measured load has none left.
    const result = await measure(1, { seconds: 10, maxCount: 5, warmUpSeconds: 10 }, async (i) => {
      indices.push(i);
    });
    expect(indices).toEqual([0, 1, 2, 3, 4]);
    expect(result.count).toBe(0);
    expect(result.errors).toBe(0);
  });

  it('stops at the first failure of the warm-up rather than measuring a server that fails', async () => {
    await expect(
      measure(1, { seconds: 10, maxCount: 5, warmUpSeconds: 10 }, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
  });
});
