import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/admin.json';
import it from '$lib/i18n/messages/it/admin.json';
import '$lib/call/i18n';

/** Registers the admin area's messages (and the call area's, whose error messages it reuses). */
addCatalog({ it, en });
