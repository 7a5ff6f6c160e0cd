import type { DoorDetails } from '@app/contracts';
import { mapLink } from '../console/DeviceCard';

/**
 * Where to go: a `geo:` link (the phone's own navigation app opens it) and a web map link for
 * phones that do not handle `geo:`. The device's position wins; without one, the address is searched.
 */
export function navigationLinks(door: Pick<DoorDetails, 'address' | 'location'>): { geo: string; web: string } {
  if (door.location) {
    const { lat, lng } = door.location;
    return { geo: `geo:${lat},${lng}?q=${lat},${lng}`, web: mapLink(lat, lng) };
  }
  const query = encodeURIComponent(door.address);
  return { geo: `geo:0,0?q=${query}`, web: `https://www.openstreetmap.org/search?query=${query}` };
}
