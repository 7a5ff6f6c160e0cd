export * from './views';
export * from './events';
export * from './queues';
export * from './schemas';
export * from './handset';
export * from './districts';
export * from './incident-kinds';
