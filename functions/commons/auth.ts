import type { RouteAuth } from '../routes.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

/** Who is calling, from the claims of the ID token the API's JWT authorizer has already verified. */
export type Actor =
  | { kind: 'student'; studentId: string; email: string; name: string }
  | { kind: 'aro'; staffId: string; email: string; name: string }
  | { kind: 'records-office'; office: RecordsOffice; staffId: string; email: string; name: string }
  | { kind: 'anonymous' };

/**
 * The offices that provision study records (guide §3): URAO the qualifications disclosed for
 * admission, OGL the study abroad it organises or pre-approves. Each is a Cognito group of that name.
 */
export const recordsOffices = ['URAO', 'OGL'] as const;
export type RecordsOffice = (typeof recordsOffices)[number];
const groupOfOffice = { URAO: 'urao', OGL: 'ogl' } as const satisfies Record<RecordsOffice, string>;

export type Claims = Record<string, string | number | boolean | string[] | undefined>;

/** Claim names of the Cognito ID token (custom attributes carry the `custom:` prefix). */
export const claimNames = {
  groups: 'cognito:groups',
  studentId: 'custom:student_id',
  staffId: 'custom:staff_id',
  email: 'email',
  name: 'name',
} as const;

// API Gateway HTTP APIs hand array claims to Lambda as the string "[aro student]" (and the local
// gateway does the same); a test invoking a handler directly may pass a real array. Accept both.
export function parseGroups(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function actorFromClaims(claims: Claims | undefined, required: RouteAuth): Actor {
  if (required === 'public') return { kind: 'anonymous' };
  if (!claims) throw new UnauthorizedError('Sign in first');
  const groups = parseGroups(claims[claimNames.groups]);
  const email = String(claims[claimNames.email] ?? '');
  const name = String(claims[claimNames.name] ?? '');
  if (required === 'student') {
    const studentId = claims[claimNames.studentId];
    if (!groups.includes('student') || typeof studentId !== 'string' || studentId === '') {
      throw new ForbiddenError('This page is for students');
    }
    return { kind: 'student', studentId, email, name };
  }
  const staffId = claims[claimNames.staffId];
  if (required === 'records-office') {
    const office = recordsOffices.find((o) => groups.includes(groupOfOffice[o]));
    if (!office || typeof staffId !== 'string' || staffId === '') {
      throw new ForbiddenError('This is for the offices that provision study records (URAO, OGL)');
    }
    return { kind: 'records-office', office, staffId, email, name };
  }
  if (!groups.includes('aro') || typeof staffId !== 'string' || staffId === '') {
    throw new ForbiddenError('This page is for ARO staff');
  }
  return { kind: 'aro', staffId, email, name };
}
