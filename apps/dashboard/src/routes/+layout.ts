// Rendered in the browser only: every screen is live data from the API, behind a sign-in.
export const ssr = false;
export const prerender = false;
