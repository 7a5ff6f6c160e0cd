/** Redis names of the device command bus, all under REDIS_PREFIX (several systems or test suites share one Redis). */

/** Which ingest instance holds a TCP device's connection (a string with a TTL). */
export function deviceConnectionKey(redisPrefix: string, serial: string): string {
  return `${redisPrefix}-device-conn-${serial}`;
}

/** Pub/sub channel every ingest instance listens on for console commands. */
export function deviceCommandsChannel(redisPrefix: string): string {
  return `${redisPrefix}-device-commands`;
}

/** The list the instance that delivered a command pushes its confirmation to (the console BLPOPs it). */
export function deviceCommandReplyKey(redisPrefix: string, requestId: string): string {
  return `${redisPrefix}-device-command-reply-${requestId}`;
}
