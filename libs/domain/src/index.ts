export * from './incident-state-machine';
export * from './incident-types';
export * from './age';
export * from './dispatch-state-machine';
export * from './district-exception';
export * from './follow-up-state-machine';
export * from './alarm-pattern';
export * from './iso-week';
