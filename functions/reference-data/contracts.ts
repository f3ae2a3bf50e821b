import * as z from 'zod';
import { lazySchema } from '../commons/contracts.js';

// The reference data other contracts show: the HKUST home catalog (no operations of its own yet;
// ARO's catalog and institution management will declare theirs here).

/** An HKUST course code as the guide writes it (HUMA1103); spaces and case are forgiven on input. */
export const homeCourseCode = lazySchema(() =>
  z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{4}\d{4}[A-Z]*$/, 'must be an HKUST course code like HUMA1103')),
);

/** An HKUST course of the home catalog. */
export const homeCourse = lazySchema(() =>
  z.object({
    code: z.string().describe('As the guide writes it, no space: HUMA1103'),
    subjectArea: z.string(),
    title: z.string(),
    credits: z.number(),
    exclusions: z.array(z.string()).describe('Codes of courses that exclude this one'),
  }),
);
export type HomeCourse = z.infer<typeof homeCourse>;
