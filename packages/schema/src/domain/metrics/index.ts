export * from './compute.ts';
export * from './window.ts';
export * from './throttle.ts';
