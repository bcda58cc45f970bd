/** Helpers for forms that change something that already exists (a mailbox, a ticket). */

/**
 * The fields of `after` whose value differs from `before`: what a save sends, so that it never writes back a field
 * someone else changed meanwhile.
 */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  const previous = before as Record<string, unknown>;
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => value !== previous[key])) as Partial<T>;
}

/** The choices offered, with the current one first when it is no longer among them (deactivated meanwhile). */
export function withCurrent<T extends { id: string }>(options: readonly T[], current: T | null | undefined): T[] {
  return !current || options.some((option) => option.id === current.id) ? [...options] : [current, ...options];
}
