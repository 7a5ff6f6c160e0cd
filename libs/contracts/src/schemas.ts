import { z } from 'zod';
import { ALARM_TYPES, DEVICE_PROTOCOLS, type DeviceProtocolName, INCIDENT_STATUSES, LIVING_SITUATIONS, OUTCOMES, RESPONDER_ROLES, ROLES } from './views';

/**
 * Request bodies of the public API. Every object is strict: an unknown field is a 400,
 * never silently ignored. Shared by the servers and the web app.
 */

const isoDateTime = z.iso.datetime({ offset: true });
/** Postgres text cannot hold NUL; such input is refused here rather than failing in the database. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const trimmed = (max: number) => text(max).trim().min(1);
const phone = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[+0-9 ()-]+$/, 'digits, spaces, +, -, ( and ) only');
const uuid = z.uuid();

export const alarmRequestSchema = z.strictObject({
  eventId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'eventId is 1-64 characters of [A-Za-z0-9_-]'),
  type: z.enum(ALARM_TYPES),
  occurredAt: isoDateTime.optional(),
  batteryPct: z.number().int().min(0).max(100).optional(),
  location: z
    .strictObject({
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      accuracyM: z.number().min(0).max(1_000_000).optional(),
    })
    .optional(),
});
export type AlarmRequest = z.infer<typeof alarmRequestSchema>;

export const heartbeatRequestSchema = z.strictObject({
  batteryPct: z.number().int().min(0).max(100).optional(),
  signalDbm: z.number().min(-200).max(100).optional(),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;

export const loginSchema = z.strictObject({
  username: trimmed(64),
  password: text(256).min(1),
});
export type LoginRequest = z.infer<typeof loginSchema>;

export const changePasswordSchema = z
  .strictObject({
    currentPassword: text(256).min(1),
    newPassword: text(256).min(10, 'password needs at least 10 characters'),
  })
  .refine((p) => p.currentPassword !== p.newPassword, { message: 'the new password must differ', path: ['newPassword'] });
export type ChangePasswordRequest = z.infer<typeof changePasswordSchema>;

export const createUserSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,64}$/, 'username is 3-64 characters of [A-Za-z0-9_.-]'),
  password: text(256).min(10, 'password needs at least 10 characters'),
  role: z.enum(ROLES),
  responderId: uuid.optional(),
  /** What an operator or supervisor sees (empty or absent: every district). */
  districts: z.array(trimmed(120)).max(100).optional(),
});
export type CreateUserRequest = z.infer<typeof createUserSchema>;

/** `PATCH /v1/users/:id`: at least one of them. */
export const updateUserSchema = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    districts: z.array(trimmed(120)).max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((u) => u.role !== undefined || u.districts !== undefined || u.disabled !== undefined, { message: 'nothing to change' });
export type UpdateUserRequest = z.infer<typeof updateUserSchema>;

/** `POST /v1/users/:id/password`: an admin sets a new password; every session of the user ends. */
export const resetPasswordSchema = z.strictObject({
  password: text(256).min(10, 'password needs at least 10 characters'),
});
export type ResetPasswordRequest = z.infer<typeof resetPasswordSchema>;

const emergencyContactSchema = z.strictObject({
  name: trimmed(120),
  relation: trimmed(60),
  phone,
});

const residentFields = {
  fullName: trimmed(120),
  dateOfBirth: z.iso.date().refine((d) => d >= '1900-01-01' && new Date(d).getTime() <= Date.now(), {
    message: 'dateOfBirth must be a real past date (1900-01-01 or later, not in the future)',
    params: { rule: 'past_date' },
  }),
  gender: trimmed(20).optional(),
  phone: phone.optional(),
  address: trimmed(300),
  district: trimmed(120).optional(),
  livingSituation: z.enum(LIVING_SITUATIONS).optional(),
  medicalHistory: z.array(trimmed(200)).max(100).default([]),
  medications: z.array(trimmed(200)).max(100).default([]),
  allergies: z.array(trimmed(200)).max(100).default([]),
  emergencyContacts: z.array(emergencyContactSchema).max(20).default([]),
  accessNotes: trimmed(1000).optional(),
  /** Hours of care a week the resident is owed (e.g. 6 for the severely disabled); the care-hours report compares against it. */
  weeklyCareHoursTarget: z.number().min(0).max(168).optional(),
};

export const residentInputSchema = z.strictObject(residentFields);
export type ResidentInput = z.infer<typeof residentInputSchema>;

/** A PATCH sets the given fields; `null` clears an optional one. */
export const residentPatchSchema = z
  .strictObject({
    fullName: residentFields.fullName.optional(),
    dateOfBirth: residentFields.dateOfBirth.optional(),
    gender: trimmed(20).nullable().optional(),
    phone: phone.nullable().optional(),
    address: residentFields.address.optional(),
    district: trimmed(120).nullable().optional(),
    livingSituation: z.enum(LIVING_SITUATIONS).nullable().optional(),
    medicalHistory: z.array(trimmed(200)).max(100).optional(),
    medications: z.array(trimmed(200)).max(100).optional(),
    allergies: z.array(trimmed(200)).max(100).optional(),
    emergencyContacts: z.array(emergencyContactSchema).max(20).optional(),
    accessNotes: trimmed(1000).nullable().optional(),
    weeklyCareHoursTarget: residentFields.weeklyCareHoursTarget.nullable(),
  })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type ResidentPatch = z.infer<typeof residentPatchSchema>;

export const residentSearchSchema = z.strictObject({
  query: text(120).trim().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const responderInputSchema = z.strictObject({
  fullName: trimmed(120),
  role: z.enum(RESPONDER_ROLES),
  phone,
});
export type ResponderInput = z.infer<typeof responderInputSchema>;

export const careTeamInputSchema = z.strictObject({
  carerId: uuid.nullable().optional(),
  cadreId: uuid.nullable().optional(),
  doctorId: uuid.nullable().optional(),
});
export type CareTeamInput = z.infer<typeof careTeamInputSchema>;

export const deviceSerialSchema = z.string().regex(/^[A-Za-z0-9_-]{3,64}$/, 'serial is 3-64 characters of [A-Za-z0-9_-]');

/**
 * What a serial looks like per protocol: the watch's id exactly as it sends it
 * (10 digits, or its 15-digit IMEI), the GT06 login's 15-digit IMEI. The web app shows `rule`.
 */
export const DEVICE_SERIAL_RULES: Record<DeviceProtocolName, { pattern: RegExp; rule: string }> = {
  http: { pattern: /^[A-Za-z0-9_-]{3,64}$/, rule: 'serial is 3-64 characters of [A-Za-z0-9_-]' },
  watch: { pattern: /^(\d{10}|\d{15})$/, rule: 'a watch serial is its 10-digit id or its 15-digit IMEI' },
  gt06: { pattern: /^\d{15}$/, rule: 'a GT06 serial is its 15-digit IMEI' },
};

export const deviceInputSchema = z
  .strictObject({
    serial: deviceSerialSchema,
    residentId: uuid,
    protocol: z.enum(DEVICE_PROTOCOLS).default('http'),
  })
  .superRefine((device, ctx) => {
    const { pattern, rule } = DEVICE_SERIAL_RULES[device.protocol];
    if (!pattern.test(device.serial)) ctx.addIssue({ code: 'custom', path: ['serial'], message: rule, params: { rule: `serial_${device.protocol}` } });
  });
/** As parsed: `protocol` filled in (`http` when the body leaves it out). */
export type DeviceInput = z.infer<typeof deviceInputSchema>;

/** `POST /v1/devices/:serial/reassign`: the resident the (disabled) handset goes to. */
export const deviceReassignSchema = z.strictObject({ residentId: uuid });
export type DeviceReassign = z.infer<typeof deviceReassignSchema>;

/** A number the SOS key dials: what a handset's SMS command takes (digits, an optional leading +). */
export const sosNumberSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{3,20}$/, 'a phone number is 3-20 digits with an optional leading +');

export const sosNumbersInputSchema = z.strictObject({ numbers: z.array(sosNumberSchema).min(1).max(3) });
export type SosNumbersInput = z.infer<typeof sosNumbersInputSchema>;

/**
 * A command for a connected TCP device, as the console sends it over the device command bus to
 * whichever ingest instance holds the connection (the protocols' encoders take the same shape).
 */
export const deviceCommandSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('locate') }),
  z.strictObject({ kind: z.literal('sos-numbers'), numbers: sosNumbersInputSchema.shape.numbers }),
]);
export type DeviceCommand = z.infer<typeof deviceCommandSchema>;

export const listIncidentsQuerySchema = z.strictObject({
  status: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      for (const p of parts) {
        if (!(INCIDENT_STATUSES as readonly string[]).includes(p)) {
          ctx.addIssue({ code: 'custom', message: `unknown status "${p}"` });
          return z.NEVER;
        }
      }
      return parts as (typeof INCIDENT_STATUSES)[number][];
    }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: text(200).optional(),
});
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuerySchema>;

export const noteInputSchema = z.strictObject({ text: trimmed(4000) });
export const resolveInputSchema = z.strictObject({ outcome: z.enum(OUTCOMES), note: trimmed(4000).optional() });
export const cancelInputSchema = z.strictObject({ note: trimmed(4000).optional() });
export const manualDispatchInputSchema = z.strictObject({ responderId: uuid });
export type ResolveInput = z.infer<typeof resolveInputSchema>;

export const idParamSchema = uuid;
