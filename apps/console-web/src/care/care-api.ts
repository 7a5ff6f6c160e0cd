import type {
  AlarmPattern,
  CareHoursReport,
  CareService,
  CareWatch,
  CompleteFollowUpRequest,
  FollowUp,
  FollowUpStatus,
  Visit,
  VisitInput,
  VisitRequest,
} from '@app/contracts';
import type { Method } from '../api/http';

type Call = <T>(method: Method, path: string, body?: unknown) => Promise<T>;

/** A resident the responder looks after, for the visit form. */
export interface MyResident {
  id: string;
  fullName: string;
  address: string;
  phone?: string;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  return search.size ? `?${search}` : '';
}

/** The care model's calls (follow-ups, visits, reports), bound to the session's Api. */
export class CareApi {
  constructor(
    private readonly call: Call,
    private readonly token: () => string,
  ) {}

  followUps(status: FollowUpStatus, district?: string): Promise<{ items: FollowUp[] }> {
    return this.call('GET', `/v1/follow-ups${query({ status, district })}`);
  }
  completeFollowUp(id: string, body: CompleteFollowUpRequest): Promise<FollowUp> {
    return this.call('POST', `/v1/follow-ups/${id}/complete`, body);
  }
  visitRequests(district?: string): Promise<{ items: VisitRequest[] }> {
    return this.call('GET', `/v1/visit-requests${query({ status: 'open', district })}`);
  }
  myVisitRequests(): Promise<{ items: VisitRequest[] }> {
    return this.call('GET', '/v1/visit-requests/mine');
  }
  recordVisit(body: VisitInput): Promise<Visit> {
    return this.call('POST', '/v1/visits', body);
  }
  myVisits(): Promise<{ items: Visit[] }> {
    return this.call('GET', '/v1/visits/mine');
  }
  myResidents(): Promise<{ items: MyResident[] }> {
    return this.call('GET', '/v1/visits/my-residents');
  }
  services(): Promise<{ items: CareService[] }> {
    return this.call('GET', '/v1/care-services');
  }
  careHours(week?: string, district?: string): Promise<CareHoursReport> {
    return this.call('GET', `/v1/reports/care-hours${query({ week, district })}`);
  }
  careWatch(): Promise<CareWatch> {
    return this.call('GET', '/v1/reports/care-watch');
  }
  alarmPattern(residentId: string): Promise<AlarmPattern> {
    return this.call('GET', `/v1/residents/${residentId}/alarm-pattern`);
  }

  /** Paths of the CSV exports, for `download`. */
  static exports = {
    followUps: (status: FollowUpStatus, district?: string) => `/v1/follow-ups/export.csv${query({ status, district })}`,
    careHours: (week?: string, district?: string) => `/v1/reports/care-hours/export.csv${query({ week, district })}`,
  };

  /** Fetches an export with the session's token and hands it to the browser as a file. */
  async download(path: string, filename: string): Promise<void> {
    const response = await fetch(path, { headers: { authorization: `Bearer ${this.token()}` } });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
