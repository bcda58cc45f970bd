import { parse as parseCookies } from 'cookie';
import { isDatabaseUnavailable } from '@sportello/db';
import { serviceUnavailable } from './errors.ts';
import { SESSION_COOKIE, viewerFromApiToken, viewerFromSession, type Viewer } from './domain/identity.ts';

export interface Context {
  viewer: Viewer | null;
  /** Set-Cookie values the API adds to the HTTP response (login and logout set the session cookie). */
  responseCookies: string[];
  /** Whether the request came over HTTPS, so that the session cookie can be marked Secure. */
  secure: boolean;
}

/**
 * The same credentials work over HTTP and graphql-ws: a Bearer API token, or the session cookie the dashboard
 * received at login (browsers send it with the WebSocket upgrade too).
 */
export async function createContext(credentials: {
  authorization?: string | null;
  cookie?: string | null;
  secure?: boolean;
}): Promise<Context> {
  let viewer: Viewer | null;
  try {
    viewer = await resolveViewer(credentials);
  } catch (error) {
    // The database is away (restarting): a typed, retryable error rather than an internal one.
    if (isDatabaseUnavailable(error)) throw serviceUnavailable();
    throw error;
  }
  return {
    viewer,
    responseCookies: [],
    secure: credentials.secure ?? false,
  };
}

async function resolveViewer({ authorization, cookie }: { authorization?: string | null; cookie?: string | null }) {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return viewerFromApiToken(bearer);
  const sessionToken = cookie ? parseCookies(cookie)[SESSION_COOKIE] : undefined;
  return sessionToken ? viewerFromSession(sessionToken) : null;
}
