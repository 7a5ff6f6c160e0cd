import { useEffect, useState } from 'react';

/** The current time, re-rendering every `intervalMs`; `offsetMs` corrects this browser's clock to the server's. */
export function useNow(intervalMs = 1000, offsetMs = 0): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now + offsetMs;
}
