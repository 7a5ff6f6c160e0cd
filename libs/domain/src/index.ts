export * from './incident-state-machine';
export * from './incident-types';
export * from './age';
export * from './dispatch-state-machine';
export * from './district-exception';
