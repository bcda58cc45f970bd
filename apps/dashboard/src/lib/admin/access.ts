import type { Role } from './documents.ts';

/** Who may open the admin area at all (claims), and who may manage queues, users and tokens. */
export const canSupervise = (role: Role | undefined) => role === 'SUPERVISOR' || role === 'ADMIN';
export const canAdminister = (role: Role | undefined) => role === 'ADMIN';

/** Groups claimed tickets by the operator holding them, operators by name. */
export function groupByHolder<T extends { claimedBy: { id: string; name: string } | null }>(tickets: T[]) {
  const groups = new Map<string, { holder: { id: string; name: string }; tickets: T[] }>();
  for (const ticket of tickets) {
    if (!ticket.claimedBy) continue;
    const group = groups.get(ticket.claimedBy.id) ?? { holder: ticket.claimedBy, tickets: [] };
    group.tickets.push(ticket);
    groups.set(ticket.claimedBy.id, group);
  }
  return [...groups.values()].sort((a, b) => a.holder.name.localeCompare(b.holder.name));
}
