/**
 * The panel's pages read and write through the JSON API (API.md), with the session cookie the
 * panel already holds: one contract, one set of checks and limits for people and scripts.
 */

export interface ApiProblem {
  field?: string;
  message: string;
}

/** An API refusal: the HTTP status, the machine code and the sentence for a person. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: ApiProblem[] = []) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return body as T;
  const b = (body ?? {}) as { error?: string; message?: string; details?: ApiProblem[] };
  const fallback = res.status === 413 ? 'The file is too large' : `The server answered ${res.status}`;
  throw new ApiFailure(res.status, b.error ?? 'http_error', b.message ?? fallback, Array.isArray(b.details) ? b.details : []);
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal }));
}

/** POST/PATCH/DELETE with JSON, or multipart when `body` is a FormData (uploads). */
export async function apiSend<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: FormData | object): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  return answer<T>(await fetch(path, init));
}

/** A network failure (the server unreachable) in words; an API refusal as the API said it. */
export function problemText(err: unknown): string {
  if (err instanceof ApiFailure) return err.message;
  return 'The server could not be reached; check the connection and try again.';
}

/** The panel's URLs (rootPath /admin). */
export const panelUrl = {
  submission: (id: number | string) => `/admin/resources/Submission/records/${id}/show`,
  submissionAction: (id: number | string, action: string) => `/admin/resources/Submission/records/${id}/${action}`,
  record: (type: 'animal' | 'sample', id: number | string) => `/admin/resources/${type === 'animal' ? 'Animal' : 'Sample'}/records/${id}/show`,
  submissions: () => '/admin/resources/Submission',
};

export const TEMPLATE_URL = '/api/template.xlsx';
