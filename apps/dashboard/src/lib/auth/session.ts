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

/** Where a user lands: customers have the portal, the support staff the ticket workspace. */
export const homeOf = (role: SignedInUser['role'] | undefined) => (role === 'CUSTOMER' ? '/portal' : '/tickets');

/** What customers may open: the portal and the survey links; every other page is the staff's. */
export const isCustomerPath = (path: string) => /^\/(portal|survey)(\/|\?|#|$)/.test(path);

/**
 * Where to go after signing in: the page asked before (a same-origin path only, never another site, and for a
 * customer only a page of theirs), else the user's home.
 */
export function safeRedirectTarget(requested: string | null | undefined, role?: SignedInUser['role']): string {
  if (!requested || !requested.startsWith('/') || requested.startsWith('//') || requested.startsWith('/login')) {
    return homeOf(role);
  }
  if (role === 'CUSTOMER' && !isCustomerPath(requested)) return homeOf(role);
  return requested;
}
