/** Rooms of the console's socket.io namespaces that other processes push to (ConsoleRoom in the contracts lib is the operators' one). */

export function responderRoom(responderId: string): string {
  return `responder-${responderId}`;
}

/** Every socket of one user, in whichever namespace, joins this room: revoking a session closes them all. */
export function userRoom(userId: string): string {
  return `user-${userId}`;
}
