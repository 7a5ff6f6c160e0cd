import { isIP } from 'node:net';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const seconds = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .max(7 * 24 * 3600)
    .default(fallback);
const millis = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600_000)
    .default(fallback);
const percent = (fallback: number) => z.coerce.number().int().min(0).max(100).default(fallback);
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
/** A flag whose default depends on other settings (undefined when unset). */
const optionalFlag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

/** The names proxy-addr (Fastify's trustProxy) understands besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Comma-separated trusted proxies, as a list (empty: trust none, X-Forwarded-For is ignored). */
const trustedProxies = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )
  .refine((entries) => entries.every(isProxyEntry), 'TRUST_PROXY is a comma-separated list of addresses or CIDRs (or loopback, linklocal, uniquelocal)');

/** Every setting a HeartKey process reads. Nothing outside this lib touches process.env. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be postgres://user:pass@host:port/db'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be redis://host:port'),
    /** Every Redis key (queues, socket.io channels) starts with this, so several systems or test suites can share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .default('hk'),
    INGEST_PORT: port(3001),
    /** Device protocol listeners of the ingest process (TCP); 0 turns one off. */
    WATCH_PORT: port(5093),
    GT06_PORT: port(5023),
    /**
     * A TCP device connection with no frame for this long is closed (and its registration with
     * it). A watch heartbeats every 5-8 minutes and a GT06 every few minutes: 600 s outlasts two
     * missed-by-a-little heartbeats without holding dead connections for long.
     */
    DEVICE_IDLE_TIMEOUT_S: seconds(600),
    /**
     * A frame a device has begun must be complete within this. The idle timeout alone does not
     * bound a connection that trickles one byte every few minutes; a real device sends a frame
     * (at most a few kilobytes) in well under a second, even over 2G.
     */
    DEVICE_FRAME_TIMEOUT_S: seconds(30),
    /** Set as the SOS number on every TCP device that has none when it first connects (the 12349 elderly-care hotline). */
    HOTLINE_NUMBER: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{3,20}$/, 'HOTLINE_NUMBER is 3-20 digits with an optional leading +')
      .default('12349'),
    /** The number a responder's phone view calls to reach the alarm centre; HOTLINE_NUMBER when unset. */
    CENTRE_PHONE: z
      .string()
      .trim()
      .regex(/^\+?[0-9 -]{3,24}$/, 'CENTRE_PHONE is 3-24 digits, spaces or - with an optional leading +')
      .optional(),
    /** The centre's time zone: the days of the incident search and of reports are its days. */
    CENTRE_TIME_ZONE: z
      .string()
      .trim()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'CENTRE_TIME_ZONE must be an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
    /** The map tiles of the incident view: an https URL template with {z}, {x} and {y}. Unset: the map shows a marker and coordinates without tiles. */
    MAP_TILE_URL: z
      .string()
      .trim()
      .regex(/^https:\/\/[^\s'"]+$/, 'MAP_TILE_URL is an https URL')
      .refine((url) => ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), 'MAP_TILE_URL needs {z}, {x} and {y}')
      .optional(),
    /** Shown under the map when tiles are used (the tile provider's required credit). */
    MAP_ATTRIBUTION: z.string().trim().max(200).optional(),
    /** Open device connections each TCP listener accepts at most (a cap, so a flood of sockets cannot exhaust the process). */
    DEVICE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
    /** How long the console waits for the ingest instance holding a device's connection to confirm a command was written. */
    DEVICE_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    CONSOLE_PORT: port(3000),
    DISPATCHER_PORT: port(3002),
    /**
     * The dispatcher's main thread runs this much nicer than ingest and the console (0-19; 0
     * gives it the same share). When the machine is saturated (a storm), intake comes first:
     * a press not yet taken in is an alarm not yet safe, while the dispatcher's work waits safely
     * in its queues. Measured on 2 cores: with 0, a burst of 2,000 presses left ingest starved of
     * CPU in half the runs, hundreds of connections waited seconds to be accepted and the last
     * `202` came after 3-5 s; with 10, after 1.2-1.8 s, and the first offers came sooner too.
     */
    DISPATCHER_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
    HOST: z.string().default('0.0.0.0'),
    /**
     * Proxies (load balancers) whose X-Forwarded-For is believed, so that login throttling and
     * the audit see the client's address rather than the proxy's. Off by default: with no proxy
     * in front, anyone could claim any address in that header.
     */
    TRUST_PROXY: trustedProxies,
    /**
     * HTTP servers (console, ingest, dispatcher): a whole request (headers and body) must arrive
     * within HTTP_REQUEST_TIMEOUT_S and its headers within HTTP_HEADERS_TIMEOUT_S, so a client
     * trickling bytes cannot hold a connection; a socket with no traffic at all for
     * HTTP_IDLE_TIMEOUT_S is closed; an idle keep-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_S
     * (above the usual 60 s idle timeout of load balancers, so they never reuse a closed one).
     */
    HTTP_REQUEST_TIMEOUT_S: seconds(30),
    HTTP_HEADERS_TIMEOUT_S: seconds(10),
    HTTP_IDLE_TIMEOUT_S: seconds(120),
    HTTP_KEEP_ALIVE_TIMEOUT_S: seconds(72),
    /**
     * Handles each public listening socket (HTTP, device protocols) is accepted through; 1 is
     * Node's own single handle. Node 20 accepts one connection per handle per turn of the event
     * loop, so a storm of new connections to a busy process waited in the kernel's queue for
     * seconds (docs/capacity.md, "Accepting a storm").
     */
    LISTEN_HANDLES: z.coerce.number().int().min(1).max(64).default(16),
    /** Open connections each HTTP server accepts at most; further ones are closed at once. */
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    /** The OpenAPI page and document at /docs: on by default, off when NODE_ENV=production unless set to true. */
    OPENAPI_ENABLED: optionalFlag,
    /**
     * When set, /metrics (and /docs/openapi.json when enabled) are served only on a separate
     * listener at this address (an internal interface), on the process's *_METRICS_PORT, and
     * no longer on the public port.
     */
    METRICS_HOST: z.string().min(1).optional(),
    CONSOLE_METRICS_PORT: port(9300),
    INGEST_METRICS_PORT: port(9301),
    DISPATCHER_METRICS_PORT: port(9302),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** HMAC key of access tokens; at least 32 characters. */
    JWT_SECRET: z.string().min(32, 'JWT_SECRET needs at least 32 characters'),
    ACCESS_TOKEN_TTL_S: seconds(900),
    /** Open sockets (both namespaces, every console instance) one user may hold; more are refused at the handshake. */
    MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    /** The absolute life of a session from its login: refreshing never extends it past this (then log in again). */
    SESSION_MAX_AGE_S: seconds(12 * 3600),
    /** How often each console instance writes the audit rows of what its live sockets were pushed. */
    AUDIT_STREAM_FLUSH_S: seconds(10),
    /** 32 bytes, base64: the AES-256-GCM key that encrypts device secrets at rest. */
    DEVICE_SECRET_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'DEVICE_SECRET_KEY must be 32 bytes in base64'),
    BOOTSTRAP_ADMIN_USERNAME: z.string().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10).optional(),
    HEARTBEAT_TIMEOUT_S: seconds(1800),
    HEARTBEAT_MIN_INTERVAL_S: seconds(10),
    DISPATCH_OFFER_TIMEOUT_S: seconds(60),
    ACK_TIMEOUT_S: seconds(60),
    /** Resolving an sos or fall incident schedules a follow-up call (回访) this many hours later. */
    FOLLOW_UP_AFTER_H: z.coerce.number().min(0).max(720).default(24),
    /** The time zone of care weeks (care-hours report) and of the alarm pattern's months and hours of day. */
    CARE_TIME_ZONE: z
      .string()
      .default('Asia/Shanghai')
      .refine((tz) => isTimeZone(tz), 'CARE_TIME_ZONE must be an IANA time zone like Asia/Shanghai'),
    /**
     * Password throttling (login and password change). Attempts per client address per window;
     * failed attempts on one account from one address per LOGIN_ACCOUNT_WINDOW_S (then 429 for
     * that address only: an account is never locked, or anyone could lock out the operators).
     */
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
    LOGIN_ADDRESS_WINDOW_S: seconds(60),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_ACCOUNT_WINDOW_S: seconds(900),
    /**
     * Every attempt on an account with recent failures (from any address, within
     * LOGIN_ACCOUNT_WINDOW_S) waits LOGIN_DELAY_BASE_MS, doubled per further failure, at most
     * LOGIN_DELAY_MAX_MS: guessing slows down, the owner still gets in.
     */
    LOGIN_DELAY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(250),
    LOGIN_DELAY_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
    NOTIFY_WEBHOOK_URL: z.url().optional(),
    /** HMAC-SHA256 key the webhook requests are signed with; required with NOTIFY_WEBHOOK_URL. */
    NOTIFY_WEBHOOK_SECRET: z.string().min(16, 'NOTIFY_WEBHOOK_SECRET needs at least 16 characters').optional(),
    /** Attempts per notification before it counts as failed (and the incident escalates). */
    NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    /** First retry delay of a failed notification; each further retry waits twice as long. */
    NOTIFY_RETRY_BASE_MS: millis(2000),
    /** How often the outbox relay looks for rows the in-line publisher left behind. */
    OUTBOX_RELAY_INTERVAL_MS: millis(2000),
    /** Rows younger than this are left to the in-line publisher (it gets the first chance). */
    OUTBOX_RELAY_GRACE_MS: millis(5000),
    /** Device supervision interval; by default HEARTBEAT_TIMEOUT_S / 6, kept between 1 s and 60 s. */
    SUPERVISION_INTERVAL_MS: z.coerce.number().int().min(100).max(3600_000).optional(),
    /** A reported battery under this opens a low_battery incident. */
    LOW_BATTERY_PCT: percent(20),
    /** ...which closes once the battery reports at least this much (above LOW_BATTERY_PCT, so it does not flap). */
    LOW_BATTERY_RECOVERED_PCT: percent(25),
    /**
     * Mass events: OUTAGE_MIN_DEVICES devices of one district that fall silent within
     * OUTAGE_WINDOW_S of each other are one area_outage incident, not one device_offline each.
     */
    OUTAGE_WINDOW_S: seconds(300),
    OUTAGE_MIN_DEVICES: z.coerce.number().int().min(2).max(1_000_000).default(10),
    /** On SIGTERM, how long workers may finish the jobs they run before they are closed anyway. */
    WORKER_SHUTDOWN_GRACE_MS: millis(10_000),
    CORS_ORIGINS: z.string().default(''),
    DEMO_MODE: flag,
    /** Test-only fault injection (the fault suite); refused in production. */
    TEST_FAULT_POINT: z.enum(['after-commit-before-enqueue']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.TEST_FAULT_POINT) {
      ctx.addIssue({ code: 'custom', path: ['TEST_FAULT_POINT'], message: 'fault injection is refused in production' });
    }
    if (env.LOW_BATTERY_RECOVERED_PCT <= env.LOW_BATTERY_PCT) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOW_BATTERY_RECOVERED_PCT'],
        message: 'LOW_BATTERY_RECOVERED_PCT must be above LOW_BATTERY_PCT, or an incident would open and close on every round',
      });
    }
    if (env.NOTIFY_WEBHOOK_URL && !env.NOTIFY_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['NOTIFY_WEBHOOK_SECRET'], message: 'NOTIFY_WEBHOOK_SECRET is required with NOTIFY_WEBHOOK_URL' });
    }
    if (env.HTTP_HEADERS_TIMEOUT_S > env.HTTP_REQUEST_TIMEOUT_S) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_S'], message: 'HTTP_HEADERS_TIMEOUT_S cannot exceed HTTP_REQUEST_TIMEOUT_S' });
    }
    if (Boolean(env.BOOTSTRAP_ADMIN_USERNAME) !== Boolean(env.BOOTSTRAP_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOOTSTRAP_ADMIN_PASSWORD'],
        message: 'BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD go together',
      });
    }
  });

export type AppConfig = z.infer<typeof envSchema>;

/** Whether /docs is served: as configured, else everywhere but in production. */
export function openApiEnabled(config: Pick<AppConfig, 'OPENAPI_ENABLED' | 'NODE_ENV'>): boolean {
  return config.OPENAPI_ENABLED ?? config.NODE_ENV !== 'production';
}

export class ConfigError extends Error {}

/**
 * The exit code of a process that stops because its configuration is invalid (EX_CONFIG of
 * sysexits.h). Restarting does not fix a configuration, so the launcher stops on this code
 * instead of restarting the process forever.
 */
export const CONFIG_ERROR_EXIT_CODE = 78;

/** Validates the environment once at boot; a bad setting stops the process with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
