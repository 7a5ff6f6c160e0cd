import { encode as notepackEncode, decode as notepackDecode } from 'notepack.io';
import { socketIoParser } from './socket-io-parser';

/** A message as the emitter builds it: [emitter id, socket.io packet, broadcast options]. */
const message = (pressCount: number) => [
  'emitter-uid',
  {
    type: 2,
    nsp: '/console',
    data: [
      'incident.updated',
      {
        id: '4f1c3a52-9d3e-4c55-a0c1-5e4a2b7c9d11',
        pressCount,
        escalated: false,
        location: { lat: 31.2304, lng: 121.4737, accuracyM: 12.5 },
        resident: { fullName: '张桂芳 Zhang Guifang', medications: ['氨氯地平 5mg'], emergencyContacts: [{ name: '王小明', phone: '+86 139 1111 2222' }] },
        dispatches: [],
      },
    ],
  },
  { rooms: ['all', 'district:东港区'], except: [], flags: {} },
];

describe('socketIoParser', () => {
  it('gives back what it encoded, Chinese text, floats and empty lists included', () => {
    expect(socketIoParser.decode(socketIoParser.encode(message(3)))).toEqual(message(3));
  });

  it('speaks plain MessagePack both ways with notepack.io (the adapter’s default), so a rolling upgrade loses no push', () => {
    expect(notepackDecode(socketIoParser.encode(message(4)))).toEqual(message(4));
    expect(socketIoParser.decode(notepackEncode(message(5)))).toEqual(message(5));
  });

  it('hands out messages that later encodes do not overwrite (they wait in a pipeline)', () => {
    const first = socketIoParser.encode(message(1));
    const copy = Buffer.from(first);
    for (let i = 2; i < 500; i++) socketIoParser.encode(message(i));
    expect(first.equals(copy)).toBe(true);
    expect(socketIoParser.decode(first)).toEqual(message(1));
  });
});
