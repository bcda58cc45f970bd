import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/survey.json';
import it from '$lib/i18n/messages/it/survey.json';

/** The satisfaction survey's strings (also the rating form of the customer portal). */
addCatalog({ it, en });
