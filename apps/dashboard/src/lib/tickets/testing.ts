import { init, locale } from 'svelte-i18n';
import '$lib/i18n';
import './catalog';

/** Initialises svelte-i18n (Italian by default) for component specs. */
export function setupTestI18n(code: 'it' | 'en' = 'it') {
  init({ fallbackLocale: 'it', initialLocale: code });
  void locale.set(code);
}
