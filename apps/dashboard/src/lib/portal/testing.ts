import { init, locale } from 'svelte-i18n';
import './i18n';

/** Initialises svelte-i18n (Italian by default) with the portal's and the survey's strings, for component specs. */
export function setupTestI18n(code: 'it' | 'en' = 'it') {
  init({ fallbackLocale: 'it', initialLocale: code });
  void locale.set(code);
}
