import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inWaves, type Recorded } from '../../bench/support/recording-proxy.js';

const request = (operation: string, start: number, end: number): Recorded => ({
  operation,
  request: '{}',
  start,
  end,
  items: 0,
});

describe('sequential round trips (the benches’ waves)', () => {
  it('puts requests sent together in one wave, however their answers interleave', () => {
    const waves = inWaves([request('GetItem', 0, 6), request('Query', 0.4, 20), request('Query', 0.9, 14)]);
    expect(waves.map((w) => w.map((r) => r.operation))).toEqual([['GetItem', 'Query', 'Query']]);
  });

  it('starts a wave with each request sent after an answer, and counts the longest chain', () => {
    const waves = inWaves([
      request('GetItem', 0, 5),
      request('Query', 0, 9),
      // Sent after the GetItem answered, before the Query did: it waited on the GetItem.
      request('BatchGetItem', 6, 12),
      request('Query', 13, 15),
    ]);
    expect(waves.map((w) => w.map((r) => r.operation))).toEqual([
      ['GetItem', 'Query'],
      ['BatchGetItem'],
      ['Query'],
    ]);
  });

  it('sends every request of a wave after an answer of the wave before, and after no answer of its own', () => {
    const spans = fc.array(
      fc.record({ start: fc.integer({ min: 0, max: 100 }), length: fc.integer({ min: 1, max: 30 }) }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(spans, (xs) => {
        const all = xs.map((x, i) => request(`R${i}`, x.start, x.start + x.length));
        const waves = inWaves(all);
        expect(waves.flat()).toHaveLength(all.length);
        for (const [k, wave] of waves.entries()) {
          expect(wave.length).toBeGreaterThan(0);
          for (const r of wave) {
            // Each request follows an answer of the wave before it …
            if (k > 0) expect(waves[k - 1]?.some((p) => p.end <= r.start)).toBe(true);
            // … and none of its own wave had answered before it was sent.
            expect(wave.some((p) => p !== r && p.end <= r.start)).toBe(false);
          }
        }
      }),
    );
  });
});
