/** BullMQ's key prefix, under REDIS_PREFIX so that systems and test suites can share one Redis. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}-bull`;
}
