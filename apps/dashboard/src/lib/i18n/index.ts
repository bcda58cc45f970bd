import { addMessages, getLocaleFromNavigator, init, locale } from 'svelte-i18n';
import enCommon from './messages/en/common.json';
import itCommon from './messages/it/common.json';

/** A JSON message catalog (svelte-i18n does not export its dictionary type). */
export type Catalog = Parameters<typeof addMessages>[1];

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'sportello.locale';

/**
 * Message catalogs are ICU messages (FormatJS) in JSON, one file per area and locale under ./messages, so that each
 * part of the dashboard owns its strings. Italian first: it is the fallback for anything missing in English.
 * Each area registers its catalogs with `addCatalog` from its own module.
 */
export function addCatalog(catalogs: Record<Locale, Catalog>) {
  for (const code of LOCALES) addMessages(code, catalogs[code]);
}

addCatalog({ it: itCommon, en: enCommon });

export function setupI18n() {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  const preferred = stored ?? getLocaleFromNavigator() ?? 'it';
  const initialLocale: Locale = preferred.startsWith('en') ? 'en' : 'it';
  init({ fallbackLocale: 'it', initialLocale });
  if (typeof document !== 'undefined') document.documentElement.lang = initialLocale;
}

export function chooseLocale(code: Locale) {
  localStorage.setItem(STORAGE_KEY, code);
  void locale.set(code);
  document.documentElement.lang = code;
}
