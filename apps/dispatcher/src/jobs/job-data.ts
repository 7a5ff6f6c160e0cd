import { type JobData, JobName, NOTIFICATION_CHANNELS } from '@app/contracts';
import { z } from 'zod';

const id = z.uuid();
const fromOutbox = { outboxId: id };

/** What each job must carry; a job that does not is a bug upstream, never retried. */
export const JOB_DATA_SCHEMAS: { [N in JobName]: z.ZodType<JobData<N>> } = {
  [JobName.IncidentOpened]: z.object({ incidentId: id, ...fromOutbox }),
  [JobName.IncidentPressed]: z.object({ incidentId: id, ...fromOutbox }),
  [JobName.CascadeAdvance]: z.object({ incidentId: id, ...fromOutbox }),
  [JobName.OfferTimeout]: z.object({ dispatchId: id, ...fromOutbox }),
  [JobName.AckTimeout]: z.object({ incidentId: id, ...fromOutbox }),
  [JobName.OffersCancelled]: z.object({ incidentId: id, dispatchIds: z.array(id), ...fromOutbox }),
  [JobName.Notify]: z.object({ dispatchId: id, channel: z.enum(NOTIFICATION_CHANNELS), ...fromOutbox }),
  [JobName.RelayOutbox]: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  [JobName.SuperviseDevices]: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  [JobName.Probe]: z.object({ probeId: z.string().min(1) }),
};
