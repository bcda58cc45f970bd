import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/call.json';
import it from '$lib/i18n/messages/it/call.json';

/** Registers the call screen's messages (imported by every module that shows them). */
addCatalog({ it, en });
