import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, type ApiProblem } from './errors';
import type { paths } from './schema';

/**
 * The typed client generated from openapi.json (`npm run openapi`): paths, parameters and request
 * bodies are checked by tsc. Most routes declare no response schema, so `read` names the shape.
 */
let token: string | null = null;
let onExpired: () => void = () => undefined;

export function setToken(value: string | null): void {
  token = value;
}

export function onSessionExpired(handler: () => void): void {
  onExpired = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    // A token that expired (or was revoked) sends the user back to the login screen with a message.
    if (response.status === 401 && token && !request.url.endsWith('/auth/login')) onExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** The body of an answer, or the API's refusal as an ApiError (its `code` mapped to Chinese). */
export async function read<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = (error && typeof error === 'object' ? error : {}) as Partial<ApiProblem>;
    throw new ApiError({ statusCode: response.status, code: problem.code ?? `HTTP_${response.status}`, message: problem.message ?? response.statusText, details: problem.details });
  }
  return data as T;
}

/** A file from the API (report CSV/XLSX, finished export) saved through the browser. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (response.status === 401 && token) onExpired();
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Partial<ApiProblem>;
    throw new ApiError({ statusCode: response.status, code: problem.code ?? `HTTP_${response.status}`, message: problem.message ?? '' });
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
