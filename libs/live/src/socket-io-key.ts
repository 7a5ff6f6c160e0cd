/** The socket.io adapter's Redis channel prefix, under REDIS_PREFIX so that systems and test suites can share one Redis. */
export function socketIoKey(redisPrefix: string): string {
  return `${redisPrefix}-socket.io`;
}
