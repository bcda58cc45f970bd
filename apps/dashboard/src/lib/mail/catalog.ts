import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/mail.json';
import it from '$lib/i18n/messages/it/mail.json';

/** The unprocessed-mail page's strings. */
addCatalog({ it, en });
