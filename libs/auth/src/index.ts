export { hashPassword, verifyPassword, decoyPasswordHash } from './passwords';
export { signHandsetRequest, verifyHandsetSignature } from './handset-signature';
export { SecretBox, newDeviceSecret } from './secret-box';
export { claimsToUser } from './tokens';
export type { AccessClaims, AuthUser } from './tokens';
