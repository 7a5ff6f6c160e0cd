export { causeMessage, errorMessage, errorStack, toError } from './error-text';
