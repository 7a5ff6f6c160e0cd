/**
 * True when an error means "Postgres could not be reached or could not take the write right
 * now" (connection refused or reset, timeouts, server shutting down, too many clients),
 * as opposed to a bug or a constraint violation.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code;
  if (code && /^(08|53|57P0[1-3])/.test(code)) return true; // connection, resources, admin shutdown
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connection timeout|Client has encountered a connection error|Connection is not established|terminating connection|the database system is (starting|shutting) up|ECONNREFUSED|ECONNRESET/i.test(
    e.message,
  );
}

/** Postgres unique_violation. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
