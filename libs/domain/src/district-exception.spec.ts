import { INCIDENT_STATUSES, INCIDENT_TYPES, isLiveStatus } from '@app/contracts';
import { showsToEveryConsole } from './district-exception';

const nobodyOfItsDistrict = { districtHasOperator: false, outsidersConnected: true };

describe('showsToEveryConsole: an alarm of a district with no operator of its own goes to everyone', () => {
  it('sends a live sos or fall to every console when nobody of its district is connected', () => {
    expect(showsToEveryConsole({ type: 'sos', status: 'open' }, nobodyOfItsDistrict)).toBe(true);
    expect(showsToEveryConsole({ type: 'fall', status: 'acknowledged' }, nobodyOfItsDistrict)).toBe(true);
    expect(showsToEveryConsole({ type: 'sos', status: 'on_scene' }, nobodyOfItsDistrict)).toBe(true);
  });

  it('keeps it in its district while an operator of that district is connected', () => {
    expect(showsToEveryConsole({ type: 'sos', status: 'open' }, { districtHasOperator: true, outsidersConnected: true })).toBe(false);
    expect(showsToEveryConsole({ type: 'fall', status: 'open' }, { districtHasOperator: true, outsidersConnected: false })).toBe(false);
  });

  it('has nothing to do while every connected console sees every district anyway', () => {
    expect(showsToEveryConsole({ type: 'sos', status: 'open' }, { districtHasOperator: false, outsidersConnected: false })).toBe(false);
  });

  it('never for technical incidents, nor for closed ones', () => {
    for (const type of INCIDENT_TYPES) {
      for (const status of INCIDENT_STATUSES) {
        const expected = (type === 'sos' || type === 'fall') && isLiveStatus(status);
        expect({ type, status, shown: showsToEveryConsole({ type, status }, nobodyOfItsDistrict) }).toEqual({ type, status, shown: expected });
        expect(showsToEveryConsole({ type, status }, { districtHasOperator: true, outsidersConnected: true })).toBe(false);
      }
    }
  });
});
