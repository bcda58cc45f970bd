import { getContext, setContext } from 'svelte';
import type { PortalUser } from './documents';

const KEY = Symbol('sportello.portal-session');

/** The signed-in customer, set by the portal's layout once `me` answers; the portal's pages read it from context. */
export class PortalSession {
  user = $state.raw<PortalUser | undefined>();

  /** No active contract: assistance is a paid intervention, to be accepted with each request. */
  readonly paidRequired = $derived(this.user?.contact?.customer.paidInterventionRequired ?? false);
}

export const setPortalSession = (session: PortalSession) => setContext(KEY, session);
export const getPortalSession = () => getContext<PortalSession>(KEY);
