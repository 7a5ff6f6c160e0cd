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

/** Server → client events of the `/console` namespace, shared by server and web app. */
export interface ConsoleServerEvents {
  [ConsoleEvent.IncidentCreated]: (view: IncidentView) => void;
  [ConsoleEvent.IncidentUpdated]: (view: IncidentView) => void;
  [ConsoleEvent.IncidentSnapshot]: (snapshot: IncidentSnapshot) => void;
}

export const ResponderEvent = {
  DispatchOffered: 'dispatch.offered',
  DispatchCancelled: 'dispatch.cancelled',
} as const;

export interface DispatchOffered {
  dispatchId: string;
  incidentId: string;
  role: string;
  expiresAt: string;
  resident: OfferResident;
}

export interface ResponderServerEvents {
  [ResponderEvent.DispatchOffered]: (offer: DispatchOffered) => void;
  [ResponderEvent.DispatchCancelled]: (cancelled: { dispatchId: string }) => void;
}

/** The `connect_error` message for every refused handshake, in every namespace. */
export const UNAUTHORIZED = 'unauthorized';
