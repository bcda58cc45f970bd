import { init, locale } from 'svelte-i18n';
import type { CallData, CustomerData, OpenTicketData } from './documents.ts';
import './i18n.ts';

/** Initialises svelte-i18n in Italian for component specs. */
export function setupTestI18n(code: 'it' | 'en' = 'it') {
  init({ fallbackLocale: 'it', initialLocale: code });
  void locale.set(code);
}

let sequence = 0;
const nextId = () => `id-${++sequence}`;

export function customerFactory(overrides: Partial<CustomerData> = {}): CustomerData {
  return {
    id: nextId(),
    name: 'Comune di Sant’Ambrogio Lario',
    vatNumber: '00123450131',
    phone: '+39 0341 240300',
    email: 'protocollo@comune.example',
    address: 'Piazza Municipio 1',
    contractState: 'ACTIVE',
    contractKind: 'MAINTENANCE_FEE',
    contractEndsAt: '2027-12-31T00:00:00.000Z',
    paidInterventionRequired: false,
    contacts: [{ id: nextId(), name: 'Laura Mauri', phone: '+39 0341 240305', email: null }],
    ...overrides,
  };
}

export function callFactory(overrides: Partial<CallData> = {}): CallData {
  return {
    id: nextId(),
    direction: 'INBOUND',
    callerNumber: '+39 0341 240305',
    callerName: null,
    status: 'ACTIVE',
    startedAt: new Date().toISOString(),
    answeredAt: new Date().toISOString(),
    endedAt: null,
    operator: null,
    customer: null,
    contact: null,
    ...overrides,
  };
}

export function openTicketFactory(overrides: Partial<OpenTicketData> = {}): OpenTicketData {
  return {
    id: nextId(),
    code: 'HT00191',
    subject: 'Stampante del protocollo non stampa',
    status: 'IN_PROGRESS',
    updatedAt: '2026-11-23T08:30:00.000Z',
    ...overrides,
  };
}
