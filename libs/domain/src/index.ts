export * from './incident-state-machine';
export * from './incident-types';
export * from './age';
