import { type ApiError, type ConflictFacts, type ConflictReason, isConflictReason, type ValidationIssue } from '@app/contracts';
import { errorMessage } from '../error-message';

/** What a refusal says besides its English message: a 409's reason and facts, a 400's issues. */
export interface RefusalFacts {
  reason?: ConflictReason;
  facts?: ConflictFacts;
  issues?: ValidationIssue[];
}

/** A refused request, with the contract's error body. `statusCode` 0 means the server was not reached. */
export class RequestFailed extends Error {
  constructor(
    readonly statusCode: number,
    readonly details: string[],
    readonly refusal: RefusalFacts = {},
  ) {
    super(details.join('; '));
  }
}

/** The reason, facts and issues of an error body, whatever else it holds. */
function refusalOf(body: unknown): RefusalFacts {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const facts: ConflictFacts = {
    ...(typeof b.status === 'string' ? { status: b.status } : {}),
    ...(typeof b.by === 'string' ? { by: b.by } : {}),
  };
  return {
    ...(isConflictReason(b.reason) ? { reason: b.reason, facts } : {}),
    ...(Array.isArray(b.issues) ? { issues: b.issues as ValidationIssue[] } : {}),
  };
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
    throw new RequestFailed(response.status, Array.isArray(message) ? message : [message], refusalOf(parsed));
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
