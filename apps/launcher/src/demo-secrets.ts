import { DEMO_SECRETS_FILE, readJsonFile, writePrivateJsonFile } from '@app/demo';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The two keys every process of the demo shares. */
export interface DemoSecrets {
  JWT_SECRET: string;
  DEVICE_SECRET_KEY: string;
}

function isComplete(value: Partial<DemoSecrets> | undefined): value is DemoSecrets {
  return (
    typeof value?.JWT_SECRET === 'string' &&
    value.JWT_SECRET.length >= 32 &&
    typeof value.DEVICE_SECRET_KEY === 'string' &&
    Buffer.from(value.DEVICE_SECRET_KEY, 'base64').length === 32
  );
}

/**
 * Generated on the first `npm start` and kept in .data/demo-secrets.json: the device secrets
 * in the database are sealed with DEVICE_SECRET_KEY, so a new key on every start would make
 * every provisioned handset unusable.
 */
export function loadOrCreateDemoSecrets(dataDir: string): DemoSecrets {
  const path = join(dataDir, DEMO_SECRETS_FILE);
  const existing = readJsonFile<Partial<DemoSecrets>>(path);
  if (isComplete(existing)) return { JWT_SECRET: existing.JWT_SECRET, DEVICE_SECRET_KEY: existing.DEVICE_SECRET_KEY };
  const secrets: DemoSecrets = {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DEVICE_SECRET_KEY: randomBytes(32).toString('base64'),
  };
  writePrivateJsonFile(path, secrets);
  return secrets;
}
