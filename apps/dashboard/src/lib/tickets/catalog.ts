import { addCatalog } from '$lib/i18n';
import en from '$lib/i18n/messages/en/workspace.json';
import it from '$lib/i18n/messages/it/workspace.json';

/** The operator workspace's strings (login, shell, tickets). Import this module from every page that uses them. */
addCatalog({ it, en });
