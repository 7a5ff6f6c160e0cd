/**
 * What never reaches a log line: credentials, device secrets, tokens and medical fields.
 * Paths are pino redaction paths; `*.x` matches x one level down anywhere.
 */
const SENSITIVE_KEYS = [
  'password',
  'passwordHash',
  'secret',
  'secretCiphertext',
  'accessToken',
  'token',
  'authorization',
  'medicalHistory',
  'medications',
  'allergies',
  'emergencyContacts',
  'accessNotes',
  'dateOfBirth',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-signature"]',
  'req.body',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
];
