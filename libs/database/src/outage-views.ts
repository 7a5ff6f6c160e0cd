import type { OutageIncidentView, OutageResident } from '@app/contracts';
import { ageOn } from '@app/domain';

/**
 * The last touches of an outage view read from Postgres: ages (the domain's one definition),
 * the district stand-in's age 0 (it has no date of birth), and who is still silent while at
 * least half the district is back.
 */
export function finishOutage(view: OutageIncidentView, now = new Date()): OutageIncidentView {
  const { outage } = view;
  const mostlyBack = outage.affected > 0 && outage.recovered * 2 >= outage.affected;
  const residents = outage.residents.map((r): OutageResident => ({
    ...r,
    age: ageOn(r.dateOfBirth, now),
    stillSilent: mostlyBack && r.recoveredAt === undefined,
  }));
  return { ...view, resident: { ...view.resident, age: 0 }, outage: { ...outage, residents } };
}
