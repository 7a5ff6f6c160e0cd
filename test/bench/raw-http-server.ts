import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * Baseline: the least a handset gateway can do on this machine — plain node:http, read the
 * body, check the HMAC, answer 202. Run as its own process, like ingest.
 */
const secret = process.env.BASELINE_SECRET ?? 'baseline';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = createHmac('sha256', secret)
      .update(`${String(req.headers['x-timestamp'])}.`)
      .update(body)
      .digest();
    const given = Buffer.from(String(req.headers['x-signature'] ?? ''), 'hex');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    res.writeHead(ok ? 202 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"ok":true}' : '{"ok":false}');
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
