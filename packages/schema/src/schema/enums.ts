import {
  CallDirection,
  CallStatus,
  Channel,
  ContractKind,
  ContractState,
  Locale,
  NoteVisibility,
  Role,
  TicketEventType,
  TicketStatus,
  TokenScope,
} from '@sportello/db';
import { builder } from '../builder.ts';

export const RoleEnum = builder.enumType(Role, { name: 'Role' });
export const LocaleEnum = builder.enumType(Locale, { name: 'Locale' });
export const ContractStateEnum = builder.enumType(ContractState, { name: 'ContractState' });
export const ContractKindEnum = builder.enumType(ContractKind, {
  name: 'ContractKind',
  description: 'Maintenance fee ("canone di manutenzione"), prepaid hours, or the pay-per-request "Help Desk Diretto".',
});
export const TicketStatusEnum = builder.enumType(TicketStatus, {
  name: 'TicketStatus',
  description:
    'Nuovo, In attesa di input, Richiesta inviata, In esecuzione, Terminato, Nuova data, Richiesta modifiche, Sospeso, Annullato, Reclamo.',
});
export const ChannelEnum = builder.enumType(Channel, { name: 'Channel' });
export const TicketEventTypeEnum = builder.enumType(TicketEventType, { name: 'TicketEventType' });
export const NoteVisibilityEnum = builder.enumType(NoteVisibility, {
  name: 'NoteVisibility',
  description: 'INTERNAL notes are for the support staff only; PUBLIC ones are shared with the customer.',
});
export const TokenScopeEnum = builder.enumType(TokenScope, { name: 'TokenScope' });
export const CallDirectionEnum = builder.enumType(CallDirection, { name: 'CallDirection' });
export const CallStatusEnum = builder.enumType(CallStatus, { name: 'CallStatus' });
