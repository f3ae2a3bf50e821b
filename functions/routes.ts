import type { FunctionName } from './catalog.js';

// The HTTP API's route table. The CDK API construct and the local gateway both build their routes
// from this list, and each function's handler must implement exactly the operations routed to it
// (checked by the type of `httpApi` in commons/http.ts).

export type RouteAuth = 'student' | 'aro' | 'public';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  operation: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/students/me/uploads/{uploadId}`. */
  path: string;
  fn: FunctionName;
  /** `public` routes have no authorizer; `student` and `aro` need a JWT in that Cognito group. */
  auth: RouteAuth;
  summary: string;
}

export const routes = [
  {
    operation: 'getStudentDashboard',
    method: 'GET',
    path: '/students/me/dashboard',
    fn: 'student-api',
    auth: 'student',
    summary: 'Student Dashboard: Student Information, institutions, To Do List, Credit Transfer Summary',
  },
  {
    operation: 'createUpload',
    method: 'POST',
    path: '/students/me/uploads',
    fn: 'student-api',
    auth: 'student',
    summary: 'Presigned POST for a PDF supporting document (at most 10 MB)',
  },
  {
    operation: 'getUpload',
    method: 'GET',
    path: '/students/me/uploads/{uploadId}',
    fn: 'student-api',
    auth: 'student',
    summary: 'An upload and whether the upload hook has verified it',
  },
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof routes)[number];
export type OperationOf<F extends FunctionName> = Extract<Route, { fn: F }>['operation'];
export type RouteKey = `${Route['method']} ${Route['path']}`;

export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>): string => `${r.method} ${r.path}`;
