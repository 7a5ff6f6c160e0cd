import { type IncidentStatus, type IncidentType, isLiveStatus } from '@app/contracts';
import { incidentGroupOf } from './incident-types';

/** Who is connected, as far as one incident's district goes. */
export interface DistrictReach {
  /** An operator of the incident's district (or of every district) is connected. */
  districtHasOperator: boolean;
  /** Some console limited to other districts is connected: without the exception it would not see the alarm. */
  outsidersConnected: boolean;
}

/**
 * The one exception to "each district's staff see their own": an emergency (`sos` or `fall`)
 * still live, of a district where no operator of that district is connected, is shown to every
 * connected console. An alarm is never unseen. Technical incidents (battery, offline...) wait
 * for their district. Nothing to do while no console limited to other districts is connected
 * (everyone connected sees it anyway); it is looked at again when one connects. Once shown to
 * everyone it stays so until closed (incidents.shown_because).
 */
export function showsToEveryConsole(incident: { type: IncidentType; status: IncidentStatus }, reach: DistrictReach): boolean {
  return incidentGroupOf(incident.type) === 'emergency' && isLiveStatus(incident.status) && !reach.districtHasOperator && reach.outsidersConnected;
}
