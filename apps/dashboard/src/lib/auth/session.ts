import { graphql, type ResultOf } from '$lib/graphql/graphql';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      name
      email
      role
      locale
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      id
      name
      role
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export type SignedInUser = ResultOf<typeof MeQuery>['me'];

/** Supervisors and admins see the administration area. */
export const canAdminister = (user: Pick<SignedInUser, 'role'>) => user.role === 'SUPERVISOR' || user.role === 'ADMIN';

/**
 * Where to go after signing in: the page asked before (a same-origin path only, never another site), else /tickets.
 */
export function safeRedirectTarget(requested: string | null | undefined): string {
  if (!requested || !requested.startsWith('/') || requested.startsWith('//') || requested.startsWith('/login')) {
    return '/tickets';
  }
  return requested;
}
