import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/notifications.json';
import it from '$lib/i18n/messages/it/notifications.json';

/** The notification bell's strings. */
addCatalog({ it, en });
