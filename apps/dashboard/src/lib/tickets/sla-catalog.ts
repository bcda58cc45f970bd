import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/sla.json';
import it from '$lib/i18n/messages/it/sla.json';

/** The SLA panel's strings. */
addCatalog({ it, en });
