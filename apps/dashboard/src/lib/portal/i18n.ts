import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/portal.json';
import it from '$lib/i18n/messages/it/portal.json';
// The portal shows the ticket timeline and the rating form of the workspace and the survey.
import '$lib/tickets/catalog';
import '$lib/survey/i18n';

/** The customer portal's strings. Import this module from every portal page and component. */
addCatalog({ it, en });
