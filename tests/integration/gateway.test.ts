import { describe, expect, inject, it } from 'vitest';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';

const studentId = demoStudents[0]?.studentId ?? '';
const staffId = demoAroStaff[0]?.staffId ?? '';

// The local gateway answers as API Gateway's HTTP API would, in front of the real handlers.
describe('API edge', () => {
  it('refuses a protected route without a token with a 401 JSON answer', async () => {
    const response = await api('GET', '/students/me/dashboard');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
  });

  it('refuses a forged token', async () => {
    const token = await signIn(studentId);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(40)}`;
    const response = await api('GET', '/students/me/dashboard', { token: forged });
    expect(response.status).toBe(401);
  });

  it('answers 404 JSON for an unknown route', async () => {
    const response = await api('GET', '/students/me/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: 'Not Found' });
  });

  it('names the field and the reason when a body is malformed', async () => {
    const token = await signIn(studentId);
    const response = await api<{ issues: { field: string; reason: string }[] }>(
      'POST',
      '/students/me/uploads',
      {
        token,
        body: { fileName: 42, sizeBytes: 1000 },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual([
      { field: 'body.fileName', reason: expect.stringMatching(/string/i) },
    ]);
  });

  it('says the body is not JSON when it is not', async () => {
    const token = await signIn(studentId);
    const response = await api<{ issues: { field: string }[] }>('POST', '/students/me/uploads', {
      token,
      rawBody: '{"fileName": ',
    });
    expect(response.status).toBe(400);
    expect(response.body.issues[0]?.field).toBe('body');
  });

  it('turns away a body over 10 MB with 413 before any handler runs', async () => {
    const token = await signIn(studentId);
    const response = await api('POST', '/students/me/uploads', {
      token,
      rawBody: JSON.stringify({ fileName: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
  });

  it('keeps ARO staff out of student routes', async () => {
    const token = await signIn(staffId);
    const response = await api('GET', '/students/me/dashboard', { token });
    expect(response.status).toBe(403);
  });

  it('answers CORS preflight for the web origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${inject('apiUrl')}/students/me/dashboard`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const own = await preflight(inject('webUrl'));
    expect(own.headers.get('access-control-allow-origin')).toBe(inject('webUrl'));
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
