import { describe, expect, it } from 'vitest';
import { incomingSignature } from '../../functions/mappings/entities/mapping.js';

const course = {
  code: 'CCN2046',
  title: 'Music, Mind and Human Behavior',
  credits: 3,
  creditUnit: 'CREDIT',
} as const;

describe('incoming-course identity (guide §4.2)', () => {
  it('ignores case, spacing and order', () => {
    const other = {
      code: 'CCN2113',
      title: 'Financial Management',
      credits: 3,
      creditUnit: 'CREDIT',
    } as const;
    expect(
      incomingSignature([{ ...course, code: ' ccn2046', title: 'music,  mind and human behavior ' }, other]),
    ).toBe(incomingSignature([other, course]));
  });

  it('differs when any of code, title, credits or credit unit differs', () => {
    const base = incomingSignature([course]);
    expect(incomingSignature([{ ...course, code: 'CCN2047' }])).not.toBe(base);
    expect(incomingSignature([{ ...course, title: 'Music and Human' }])).not.toBe(base);
    expect(incomingSignature([{ ...course, credits: 3.5 }])).not.toBe(base);
    expect(incomingSignature([{ ...course, creditUnit: 'UNIT' }])).not.toBe(base);
  });
});
