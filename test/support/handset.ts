import { HandsetHeader } from '@app/contracts';
import { signHandsetRequest } from '@app/auth';

/** A handset as the handset API describes it (docs/architecture.md, 'Handset API'), for end-to-end suites and the benchmark. */

export interface SignedRequest {
  baseUrl: string;
  serial: string;
  /** The device secret exactly as returned at provisioning. */
  secret: string;
  path: string;
  /** An object is sent as JSON; a string is sent byte for byte (malformed JSON, odd content types). */
  body: object | string;
  /** Unix ms the handset signs with; now by default. */
  timestamp?: number | string;
  /** Extra or replacing headers; `undefined` removes one (e.g. to leave out X-Signature). */
  headers?: Record<string, string | undefined>;
  /** Gives up after this long rather than letting a hung server hang the suite (default 15 s). */
  timeoutMs?: number;
}

export interface HandsetResponse<T = unknown> {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text ('' for 204). */
  body: T;
  headers: Headers;
}

/** The three authentication headers of a signed handset request. */
export function signedHeaders(serial: string, secret: string, rawBody: string | Buffer, timestamp: number | string = Date.now()): Record<string, string> {
  const ts = String(timestamp);
  return {
    [HandsetHeader.DeviceId]: serial,
    [HandsetHeader.Timestamp]: ts,
    [HandsetHeader.Signature]: signHandsetRequest(secret, ts, rawBody),
  };
}

/** POSTs a signed request the way a handset does, with global fetch. */
export async function sendSigned<T = unknown>(request: SignedRequest): Promise<HandsetResponse<T>> {
  const rawBody = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...signedHeaders(request.serial, request.secret, rawBody, request.timestamp),
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = value;
  }
  const response = await fetch(new URL(request.path, request.baseUrl), {
    method: 'POST',
    headers,
    body: rawBody,
    signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, body: (isJson && text ? JSON.parse(text) : text) as T, headers: response.headers };
}
