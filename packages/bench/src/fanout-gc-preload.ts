/**
 * Loaded into a server process by the fan-out bench (`node --expose-gc --import <this file>`): on SIGUSR2 it runs a
 * full garbage collection, so that the resident memory read right after counts live objects rather than garbage
 * not collected yet. Nothing else changes in the process.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on('SIGUSR2', () => collect());
