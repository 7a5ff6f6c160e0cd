import { ConsoleEvent, type ConsoleServerEvents, Namespace } from '@app/contracts';
import { useEffect, useReducer, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { applyLiveChange, EMPTY_LIVE, type LiveIncidents } from './incident-store';
import { serverReconnects } from './server-reconnects';

/** What the banner shows: only `connected` means the queue is live and complete. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface ConsoleLive {
  incidents: LiveIncidents;
  connection: ConnectionState;
  /** Server clock minus this browser's clock, from the last snapshot: counters count from the server's "opened". */
  clockOffsetMs: number;
}

/**
 * The `/console` socket. Every (re)connection starts with `incident.snapshot`, so after a
 * network hiccup the queue is complete again without a reload.
 */
export function useConsoleLive(token: () => string, onUnauthorized: () => void): ConsoleLive {
  const [incidents, dispatch] = useReducer(applyLiveChange, EMPTY_LIVE);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    const socket: Socket<ConsoleServerEvents> = io(Namespace.Console, {
      // Read at every (re)connection, so a reconnect uses the renewed token.
      auth: (cb) => cb({ token: token() }),
      transports: ['websocket'],
    });
    const reconnects = serverReconnects(socket, () => unauthorized.current());
    let connectedAt = 0;
    socket.on('connect', () => {
      connectedAt = Date.now();
      setConnection('connected');
    });
    socket.on('disconnect', (reason) => {
      setConnection('reconnecting');
      reconnects.disconnected(reason);
    });
    socket.on('connect_error', (error) => {
      setConnection((c) => (c === 'connecting' ? 'connecting' : 'reconnecting'));
      reconnects.refused(error);
    });
    socket.on(ConsoleEvent.IncidentSnapshot, (snapshot) => {
      const at = Date.now();
      setClockOffsetMs(Date.parse(snapshot.at) - at);
      dispatch({ kind: 'snapshot', items: snapshot.items, at, connectedAt });
    });
    socket.on(ConsoleEvent.IncidentCreated, (view) => dispatch({ kind: 'upsert', view, at: Date.now() }));
    socket.on(ConsoleEvent.IncidentUpdated, (view) => dispatch({ kind: 'upsert', view, at: Date.now() }));
    return () => {
      reconnects.stop();
      socket.removeAllListeners();
      socket.close();
    };
  }, [token]);

  return { incidents, connection, clockOffsetMs };
}
