import { getContext, setContext } from 'svelte';
import type { SignedInUser } from './session';

const KEY = Symbol('sportello.current-user');

/** The signed-in user, set by the app shell once `me` answers; pages under (app) read it from context. */
export class CurrentUser {
  user = $state<SignedInUser | undefined>();
}

export const setCurrentUser = (currentUser: CurrentUser) => setContext(KEY, currentUser);
export const getCurrentUser = () => getContext<CurrentUser | undefined>(KEY);
