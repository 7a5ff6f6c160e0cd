import type { IncidentView, OfferResident } from './views';

/** socket.io namespaces of the console process. */
export const Namespace = {
  Console: '/console',
  Responders: '/responders',
} as const;

/** Rooms inside the `/console` namespace. Only authenticated console roles ever join them. */
export const ConsoleRoom = {
  Operators: 'operators',
} as const;

export const ConsoleEvent = {
  IncidentCreated: 'incident.created',
  IncidentUpdated: 'incident.updated',
  IncidentSnapshot: 'incident.snapshot',
} as const;

export interface IncidentSnapshot {
  items: IncidentView[];
  at: string;
}

/** Sent by the server on any socket just before it closes it because its access token expired. */
export const SocketEvent = {
  TokenExpired: 'token.expired',
} as const;

/** What every namespace may send besides its own events. */
export interface CommonServerEvents {
  /** The socket is closed right after: reconnect with a fresh token (`expiredAt` is the token's `exp`). */
  [SocketEvent.TokenExpired]: (expired: { expiredAt: string }) => void;
}

/** Server → client events of the `/console` namespace, shared by server and web app. */
export interface ConsoleServerEvents extends CommonServerEvents {
  [ConsoleEvent.IncidentCreated]: (view: IncidentView) => void;
  [ConsoleEvent.IncidentUpdated]: (view: IncidentView) => void;
  [ConsoleEvent.IncidentSnapshot]: (snapshot: IncidentSnapshot) => void;
}

export const ResponderEvent = {
  DispatchOffered: 'dispatch.offered',
  DispatchCancelled: 'dispatch.cancelled',
  /** The offer's time ran out before it was accepted: the phone shows it as expired at once. */
  DispatchTimedOut: 'dispatch.timed_out',
} as const;

export interface DispatchOffered {
  dispatchId: string;
  incidentId: string;
  role: string;
  expiresAt: string;
  resident: OfferResident;
}

export interface ResponderServerEvents extends CommonServerEvents {
  [ResponderEvent.DispatchOffered]: (offer: DispatchOffered) => void;
  [ResponderEvent.DispatchCancelled]: (cancelled: { dispatchId: string }) => void;
  [ResponderEvent.DispatchTimedOut]: (timedOut: { dispatchId: string }) => void;
}

/** The `connect_error` message for a refused token, in every namespace. */
export const UNAUTHORIZED = 'unauthorized';

/** The `connect_error` message when the user already holds as many sockets as it may (MAX_SOCKETS_PER_USER); retry later. */
export const TOO_MANY_CONNECTIONS = 'too many connections';
