import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the gateway received. */
export interface GatewayRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { dispatchId: string; incidentId: string; resident: { fullName: string; address: string }; [key: string]: unknown };
  status: number;
}

/**
 * A stand-in SMS/push gateway for NOTIFY_WEBHOOK_URL on 127.0.0.1: it answers each request
 * with the next status planned for the resident named in the body (200 once the plan is used up).
 */
export class FakeGateway {
  readonly requests: GatewayRequest[] = [];
  private readonly plans = new Map<string, number[]>();
  private server?: Server;
  url = '';
  /** How long the gateway takes to answer (a real one is not instant; the fault suite widens the window a crash can hit). */
  responseDelayMs = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const body = JSON.parse(rawBody) as GatewayRequest['body'];
        const status = this.plans.get(body.resident.fullName)?.shift() ?? 200;
        this.requests.push({ headers: req.headers, rawBody, body, status });
        const answer = () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
        if (this.responseDelayMs > 0) setTimeout(answer, this.responseDelayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/notify`;
  }

  /** The statuses to answer, in order, for offers about this resident. */
  plan(residentName: string, statuses: number[]): void {
    this.plans.set(residentName, [...statuses]);
  }

  for(dispatchId: string): GatewayRequest[] {
    return this.requests.filter((r) => r.body.dispatchId === dispatchId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
