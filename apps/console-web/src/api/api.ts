import type {
  CareTeam,
  CareTeamInput,
  CreateUserRequest,
  DeviceInput,
  DistrictList,
  Dispatch,
  IncidentDetail,
  IncidentStatus,
  IncidentView,
  LoginRequest,
  Outcome,
  Page,
  Resident,
  ResidentInput,
  ResidentPatch,
  Responder,
  ResponderInput,
  ResponderDispatch,
  ResponderRole,
  UserView,
  UpdateUserRequest,
  ResetPasswordRequest,
  DeviceListing,
  ProvisionedDevice,
  SosNumbersResult,
  CompleteDispatchInput,
  DoorDetails,
  UnregisteredDevice,
} from '@app/contracts';
import { CareApi } from '../care/care-api';
import { type HttpOptions, type Method, requestJson } from './http';
import type { Session } from './session';

export type { DeviceListing };

/** A responder's answer, as its path segment (`en-route`: on the way). */
export type DispatchAnswer = 'accept' | 'decline' | 'en-route' | 'arrive' | 'complete';

export function login(body: LoginRequest): Promise<Session> {
  return requestJson<Session>('POST', '/v1/auth/login', body, {});
}

/** Every call the web app makes, bound to one session. */
export class Api {
  constructor(private readonly options: HttpOptions) {}

  /** Follow-ups, visits and care reports (care/care-api.ts). */
  readonly care = new CareApi(
    <T>(method: Method, path: string, body?: unknown) => this.call<T>(method, path, body),
    () => this.options.token?.() ?? '',
  );

  private call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return requestJson<T>(method, path, body, this.options);
  }

  /** A fresh token for this session (`POST /v1/auth/refresh`). */
  refresh(): Promise<Session> {
    return this.call('POST', '/v1/auth/refresh');
  }
  /** Ends the session on the server too, so the token cannot be used again. */
  logout(): Promise<void> {
    return this.call('POST', '/v1/auth/logout');
  }

  incidents(query: { status?: readonly IncidentStatus[]; limit?: number; cursor?: string }): Promise<Page<IncidentView>> {
    const params = new URLSearchParams();
    if (query.status?.length) params.set('status', query.status.join(','));
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    return this.call('GET', `/v1/incidents?${params}`);
  }
  incident(id: string): Promise<IncidentDetail> {
    return this.call('GET', `/v1/incidents/${id}`);
  }
  acknowledge(id: string): Promise<IncidentView> {
    return this.call('POST', `/v1/incidents/${id}/acknowledge`);
  }
  addNote(id: string, text: string): Promise<unknown> {
    return this.call('POST', `/v1/incidents/${id}/notes`, { text });
  }
  offer(id: string, responderId: string): Promise<unknown> {
    return this.call('POST', `/v1/incidents/${id}/dispatches`, { responderId });
  }
  resolve(id: string, outcome: Outcome, note?: string): Promise<IncidentView> {
    return this.call('POST', `/v1/incidents/${id}/resolve`, note ? { outcome, note } : { outcome });
  }
  cancel(id: string, note?: string): Promise<IncidentView> {
    return this.call('POST', `/v1/incidents/${id}/cancel`, note ? { note } : {});
  }

  responders(role?: ResponderRole): Promise<Responder[]> {
    return this.call('GET', `/v1/responders${role ? `?role=${role}` : ''}`);
  }
  createResponder(body: ResponderInput): Promise<Responder> {
    return this.call('POST', '/v1/responders', body);
  }

  residents(query: string): Promise<Resident[]> {
    return this.call('GET', `/v1/residents?${new URLSearchParams(query ? { query } : {})}`);
  }
  createResident(body: ResidentInput): Promise<Resident> {
    return this.call('POST', '/v1/residents', body);
  }
  updateResident(id: string, patch: ResidentPatch): Promise<Resident> {
    return this.call('PATCH', `/v1/residents/${id}`, patch);
  }
  careTeam(residentId: string): Promise<CareTeam> {
    return this.call('GET', `/v1/residents/${residentId}/care-team`);
  }
  setCareTeam(residentId: string, body: CareTeamInput): Promise<CareTeam> {
    return this.call('PUT', `/v1/residents/${residentId}/care-team`, body);
  }

  devices(): Promise<DeviceListing[]> {
    return this.call('GET', '/v1/devices');
  }
  registerDevice(body: DeviceInput): Promise<ProvisionedDevice> {
    return this.call('POST', '/v1/devices', body);
  }
  unregisteredDevices(): Promise<{ items: UnregisteredDevice[] }> {
    return this.call('GET', '/v1/devices/unregistered');
  }
  /** 202 once the request was written to the connected device; 409 when it is not connected. */
  locateDevice(serial: string): Promise<{ serial: string; delivered: true }> {
    return this.call('POST', `/v1/devices/${encodeURIComponent(serial)}/locate`);
  }
  setSosNumbers(serial: string, numbers: string[]): Promise<SosNumbersResult> {
    return this.call('PUT', `/v1/devices/${encodeURIComponent(serial)}/sos-numbers`, { numbers });
  }
  rotateSecret(serial: string): Promise<{ serial: string; secret: string }> {
    return this.call('POST', `/v1/devices/${encodeURIComponent(serial)}/rotate-secret`);
  }

  /** The districts residents live in (within the caller's own). */
  districts(): Promise<DistrictList> {
    return this.call('GET', '/v1/districts');
  }

  users(): Promise<UserView[]> {
    return this.call('GET', '/v1/users');
  }
  createUser(body: CreateUserRequest): Promise<UserView> {
    return this.call('POST', '/v1/users', body);
  }
  updateUser(id: string, body: UpdateUserRequest): Promise<UserView> {
    return this.call('PATCH', `/v1/users/${id}`, body);
  }
  /** Every token of the user stops working and its sockets close. */
  revokeSessions(id: string): Promise<void> {
    return this.call('POST', `/v1/users/${id}/revoke-sessions`);
  }
  resetPassword(id: string, body: ResetPasswordRequest): Promise<void> {
    return this.call('POST', `/v1/users/${id}/password`, body);
  }

  myDispatches(): Promise<ResponderDispatch[]> {
    return this.call('GET', '/v1/dispatches/mine');
  }
  answerDispatch(id: string, answer: DispatchAnswer, body?: CompleteDispatchInput): Promise<Dispatch> {
    return this.call('POST', `/v1/dispatches/${id}/${answer}`, body);
  }
  /** What the responder needs on the way and at the door (`GET /v1/dispatches/:id/door`). */
  doorDetails(id: string): Promise<DoorDetails> {
    return this.call('GET', `/v1/dispatches/${id}/door`);
  }
}
