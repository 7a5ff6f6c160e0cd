import { Packr, Unpackr } from 'msgpackr';

/**
 * How socket.io's Redis adapter and emitter encode what crosses Redis between the processes
 * that push (ingest, dispatcher, console) and the console instances that deliver: MessagePack,
 * as their default (notepack.io), but through msgpackr. Every push carries whole incident views
 * (a resident's record, care team, dispatches: about 2 KB); notepack built each message as an
 * array of single bytes, about 20 KB of garbage per view and an eighth of everything ingest
 * allocated per press (docs/capacity.md, "Garbage per press"). msgpackr writes into a shared
 * buffer and decodes in half the time.
 *
 * Records (msgpackr's extension) stay off: the messages are plain MessagePack, which notepack
 * reads and writes too, so instances of the previous release and of this one understand each
 * other during a rolling upgrade.
 */
const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

/** The `parser` option of `@socket.io/redis-adapter` and `@socket.io/redis-emitter`. */
export const socketIoParser = {
  encode: (message: unknown): Buffer => packr.pack(message),
  decode: (message: Buffer): unknown => unpackr.unpack(message),
};
