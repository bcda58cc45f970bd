/** Test data for the wallboard's specs. */
import { init } from 'svelte-i18n';
import './i18n';
import type {
  StaticPicture,
  TicketsPicture,
  WallboardCall,
  WallboardCount,
  WallboardMetrics,
  WallboardTicket,
} from './types';

/** English messages, synchronously (the catalogs are bundled). */
export function setupTestI18n() {
  init({ fallbackLocale: 'en', initialLocale: 'en' });
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${++sequence}`;

export const queueFactory = (overrides: Partial<{ id: string; name: string }> = {}) => ({
  id: nextId('queue'),
  name: 'SOFTWARE',
  ...overrides,
});

export function callFactory(overrides: Partial<WallboardCall> = {}): WallboardCall {
  return {
    id: nextId('call'),
    status: 'RINGING',
    callerName: 'Laura Mauri',
    callerNumber: '+39 0341 240305',
    startedAt: new Date(Date.now()).toISOString(),
    answeredAt: null,
    operator: null,
    customer: { id: nextId('customer'), name: 'Hotel Belvedere Varenna s.a.s.' },
    ...overrides,
  };
}

export function ticketFactory(overrides: Partial<WallboardTicket> = {}): WallboardTicket {
  const number = ++sequence;
  return {
    id: nextId('ticket'),
    code: `HT${String(number).padStart(5, '0')}`,
    subject: 'Stampante bloccata',
    status: 'NEW',
    priority: 1,
    createdAt: new Date(Date.now()).toISOString(),
    queue: { id: 'queue-sw', name: 'SOFTWARE' },
    claimedBy: null,
    ...overrides,
  };
}

export const countFactory = (overrides: Partial<WallboardCount> = {}): WallboardCount => ({
  queueId: 'queue-sw',
  status: 'NEW',
  count: 1,
  ...overrides,
});

export const staticFactory = (overrides: Partial<StaticPicture> = {}): StaticPicture => ({
  me: { id: 'user-supervisor', name: 'Francesca Riva', role: 'SUPERVISOR' },
  queues: [{ id: 'queue-sw', name: 'SOFTWARE' }],
  ...overrides,
});

export const ticketsFactory = (overrides: Partial<TicketsPicture> = {}): TicketsPicture => ({
  counts: [],
  unclaimed: [],
  claimed: [],
  ...overrides,
});

export const metricsFactory = (overrides: Partial<WallboardMetrics> = {}): WallboardMetrics => ({
  firstResponseMs: 754_000,
  resolutionRate: 0.8,
  satisfaction: 4.4,
  ...overrides,
});
