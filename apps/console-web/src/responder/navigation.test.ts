import { describe, expect, it } from 'vitest';
import { navigationLinks } from './navigation';

describe('navigationLinks', () => {
  it('goes to the device position when there is one', () => {
    expect(navigationLinks({ address: 'x', location: { lat: 35.4, lng: 119.5 } })).toEqual({
      geo: 'geo:35.4,119.5?q=35.4,119.5',
      web: 'https://www.openstreetmap.org/?mlat=35.4&mlon=119.5#map=17/35.4/119.5',
    });
  });
  it('searches the address otherwise', () => {
    expect(navigationLinks({ address: '海曲东路 9 号' }).geo).toBe(`geo:0,0?q=${encodeURIComponent('海曲东路 9 号')}`);
  });
});
