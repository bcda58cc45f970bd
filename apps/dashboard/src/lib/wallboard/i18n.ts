import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/wallboard.json';
import it from '$lib/i18n/messages/it/wallboard.json';

addCatalog({ it, en });
