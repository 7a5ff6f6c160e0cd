import type { ApiError } from '@app/contracts';
import { errorMessage } from '../error-message';

/** A refused request, with the contract's error body. `statusCode` 0 means the server was not reached. */
export class RequestFailed extends Error {
  constructor(
    readonly statusCode: number,
    readonly details: string[],
  ) {
    super(details.join('; '));
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

export interface HttpOptions {
  /** The current access token (it is renewed while the console is open, so it is read per request). */
  token?: () => string;
  /** Called on a 401 to a logged-in request (the token expired or was revoked). */
  onUnauthorized?: () => void;
}

/** One JSON request to the console API (same origin). */
export async function requestJson<T>(method: Method, path: string, body: unknown, options: HttpOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = options.token?.();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new RequestFailed(0, [errorMessage(error)]);
  }
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && token) options.onUnauthorized?.();
    const error = parsed as Partial<ApiError> | undefined;
    const message = error?.message ?? response.statusText;
    throw new RequestFailed(response.status, Array.isArray(message) ? message : [message]);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
