import type {
  AlarmProtocol,
  AuditEntryView,
  CentreSettings,
  EmergencyCallInput,
  HandOverInput,
  IncidentChecklists,
  IncidentHistory,
  IncidentReportQuery,
  IncidentSearchItem,
  IncidentView,
  Page,
  ProtocolKind,
  ProtocolStep,
  ProtocolTick,
  ShiftHandover,
  ShiftMember,
} from '@app/contracts';
import { type HttpOptions, type Method, RequestFailed, requestJson } from './http';

/** The query string of a search: only the filters that are set. */
export function searchParams(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}

export type IncidentSearchFilters = Partial<Record<'from' | 'to' | 'district' | 'type' | 'outcome' | 'state' | 'resident' | 'cursor', string>>;

/** The calls of the centre pages (history, protocols, emergency calls, shift, reports, audit), bound to one session. */
export class CentreApi {
  constructor(private readonly options: HttpOptions) {}

  private call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return requestJson<T>(method, path, body, this.options);
  }

  history(incidentId: string): Promise<IncidentHistory> {
    return this.call('GET', `/v1/incidents/${incidentId}/history`);
  }
  search(filters: IncidentSearchFilters): Promise<Page<IncidentSearchItem>> {
    return this.call('GET', `/v1/incident-search?${searchParams(filters)}`);
  }

  protocols(): Promise<{ items: AlarmProtocol[] }> {
    return this.call('GET', '/v1/protocols');
  }
  saveProtocol(kind: ProtocolKind, steps: ProtocolStep[]): Promise<AlarmProtocol> {
    return this.call('PUT', `/v1/protocols/${kind}`, { steps });
  }
  checklists(incidentId: string): Promise<IncidentChecklists> {
    return this.call('GET', `/v1/incidents/${incidentId}/protocols`);
  }
  tick(incidentId: string, tick: ProtocolTick): Promise<IncidentChecklists> {
    return this.call('POST', `/v1/incidents/${incidentId}/protocols`, tick);
  }

  emergencyCall(incidentId: string, call: EmergencyCallInput): Promise<IncidentView> {
    return this.call('POST', `/v1/incidents/${incidentId}/emergency-calls`, call);
  }

  shiftMembers(): Promise<{ items: ShiftMember[] }> {
    return this.call('GET', '/v1/shift/members');
  }
  myIncidents(): Promise<{ items: IncidentView[] }> {
    return this.call('GET', '/v1/shift/my-incidents');
  }
  handOver(incidentId: string, body: HandOverInput): Promise<IncidentView> {
    return this.call('POST', `/v1/incidents/${incidentId}/hand-over`, body);
  }
  handovers(): Promise<{ items: ShiftHandover[] }> {
    return this.call('GET', '/v1/shift/handovers');
  }
  addHandover(text: string): Promise<ShiftHandover> {
    return this.call('POST', '/v1/shift/handovers', { text });
  }

  /** A disabled handset's presses are refused; reassigning one starts with disabling it. */
  setDeviceEnabled(serial: string, enabled: boolean): Promise<unknown> {
    return this.call('POST', `/v1/devices/${encodeURIComponent(serial)}/${enabled ? 'enable' : 'disable'}`);
  }

  /** Gives a disabled handset to another resident (409 `device_enabled` while it is enabled). */
  reassignDevice(serial: string, residentId: string): Promise<unknown> {
    return this.call('POST', `/v1/devices/${encodeURIComponent(serial)}/reassign`, { residentId });
  }

  settings(): Promise<CentreSettings> {
    return this.call('GET', '/v1/centre/settings');
  }

  audit(query: { actorId?: string; residentId?: string; entityType?: string; cursor?: string }): Promise<{ items: AuditEntryView[]; nextCursor?: string }> {
    return this.call('GET', `/v1/audit?${searchParams(query)}`);
  }

  /** The report as a file: fetched with the session's token (a plain link would carry none), handed to the browser to save. */
  async downloadReport(query: IncidentReportQuery): Promise<void> {
    const token = this.options.token?.();
    const response = await fetch(`/v1/reports/incidents.csv?${searchParams(query)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).catch(
      (error: unknown) => {
        throw new RequestFailed(0, [String(error)]);
      },
    );
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { message?: string | string[] };
      throw new RequestFailed(response.status, Array.isArray(body.message) ? body.message : [body.message ?? response.statusText]);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `incidents-${query.by}-${query.from}-${query.to}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
