import { useCallback, useEffect, useState } from 'react';

/** Loads something on mount and on `reload()`; keeps the last result while reloading. */
export function useLoad<T>(load: () => Promise<T>): {
  data?: T;
  error?: unknown;
  reload: () => void;
} {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ data }),
      (error: unknown) => current && setState((s) => ({ ...s, error })),
    );
    return () => {
      current = false;
    };
  }, [load, round]);
  return { ...state, reload: useCallback(() => setRound((r) => r + 1), []) };
}
