import { facts, link, paragraph, quote, type Block } from './blocks.ts';
import type { LocaleTexts } from './types.ts';

export const it: LocaleTexts = {
  tag: 'it-IT',
  greeting: (name) => (name ? `Gentile ${name},` : 'Gentile Cliente,'),
  signature: 'Cordiali saluti,\nil Servizio Assistenza',
  footer: (code) =>
    `Richiesta ${code}. Per scriverci su questa richiesta risponda a questo messaggio lasciando il codice ${code} nell’oggetto.`,
  compose(input, formatDate) {
    const { ticket } = input;
    switch (input.kind) {
      case 'TICKET_CREATED': {
        const blocks: Block[] = [
          paragraph(
            `abbiamo ricevuto la Sua richiesta e le abbiamo assegnato il codice ${ticket.code}: La preghiamo di indicarlo in ogni comunicazione.`,
          ),
          facts([
            ['Oggetto', ticket.subject],
            ['Luogo e cosa', ticket.placeAndWhat],
          ]),
        ];
        const times: Array<[string, string]> = [];
        if (input.expected?.firstResponseBy)
          times.push(['Prima risposta entro', formatDate(input.expected.firstResponseBy)]);
        if (input.expected?.resolutionBy)
          times.push(['Risoluzione prevista entro', formatDate(input.expected.resolutionBy)]);
        if (times.length) blocks.push(paragraph('Tempi previsti secondo il Suo livello di servizio:'), facts(times));
        else blocks.push(paragraph('La contatteremo al più presto.'));
        return { subject: `Richiesta ricevuta: ${ticket.subject}`, blocks };
      }
      case 'PUBLIC_REPLY':
        return {
          subject: ticket.subject,
          blocks: [
            paragraph(`c’è un aggiornamento sulla Sua richiesta ${ticket.code}:`),
            quote(input.body),
            ...(input.authorName ? [paragraph(`Ha scritto ${input.authorName}.`)] : []),
          ],
        };
      case 'RESOLVED':
        return {
          subject: `Risolta: ${ticket.subject}`,
          blocks: [
            paragraph(
              input.solvedDuringCall
                ? `come concordato durante la telefonata, la Sua richiesta ${ticket.code} è stata risolta. Ecco la soluzione adottata:`
                : `la Sua richiesta ${ticket.code} è stata risolta. Ecco la soluzione adottata:`,
            ),
            quote(input.solution),
            ...(input.note ? [quote(input.note)] : []),
            paragraph('Se il problema dovesse ripresentarsi, risponda a questo messaggio.'),
          ],
        };
      case 'AUTO_CLOSE_WARNING':
        return {
          subject: `In chiusura per mancata risposta: ${ticket.subject}`,
          blocks: [
            paragraph(
              `non abbiamo ancora ricevuto risposta alla nostra ultima comunicazione sulla richiesta ${ticket.code}.`,
            ),
            paragraph(
              `Senza Sue notizie, la richiesta sarà chiusa automaticamente il ${formatDate(input.closesAt)} (${input.days} ${input.days === 1 ? 'giorno' : 'giorni'} dalla nostra ultima comunicazione). Per tenerla aperta è sufficiente rispondere a questo messaggio.`,
            ),
          ],
        };
      case 'AUTO_CLOSED':
        return {
          subject: `Chiusa: ${ticket.subject}`,
          blocks: [
            paragraph(
              `la richiesta ${ticket.code} è stata chiusa automaticamente: non abbiamo ricevuto risposta entro ${input.days} ${input.days === 1 ? 'giorno' : 'giorni'} dalla nostra ultima comunicazione.`,
            ),
            paragraph('Per riaprirla è sufficiente rispondere a questo messaggio o contattarci.'),
          ],
        };
      case 'SURVEY':
        return {
          subject: `Com’è andata? ${ticket.subject}`,
          blocks: [
            paragraph(
              `la richiesta ${ticket.code} è chiusa. Ci dedica un minuto per dirci come è andata? Il Suo giudizio ci aiuta a migliorare.`,
            ),
            link('Valuti l’assistenza ricevuta', input.surveyUrl),
            paragraph(`Il collegamento è valido fino al ${formatDate(input.validUntil)}.`),
          ],
        };
    }
  },
};
