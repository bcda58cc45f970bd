/**
 * The demo help desk: a small IT and vehicle-electronics support team near Lecco, its customers and a month
 * of tickets. Everything here is fictitious: names, VAT numbers (valid check digit, invented), phone numbers
 * and addresses; customer email addresses use the reserved `.example` domain so that nothing is ever
 * delivered to a real mailbox.
 *
 * Times are relative to the moment of seeding (see story.ts and time.ts), so the data always looks current.
 */
import type { ContractKind, ContractState, Locale } from '@sportello/db';
import {
  agree,
  ago,
  assess,
  assign,
  callCustomer,
  cancel,
  claim,
  complain,
  customerCalls,
  customerWrites,
  done,
  earlier,
  internal,
  move,
  reassign,
  remind,
  reminderDone,
  reopen,
  reply,
  requestChanges,
  reschedule,
  suspend,
  take,
  workdaysAgo,
  type StaffKey,
  type StaffMember,
  type Story,
} from './story.ts';

/** The shared password of every demo account. */
export const DEMO_PASSWORD = 'sportello-demo';

export const DEMO_STAFF: Record<StaffKey, StaffMember> = {
  giulia: { name: 'Giulia Rossi', email: 'giulia.rossi@sportello.demo', role: 'OPERATOR' },
  marco: { name: 'Marco Bianchi', email: 'marco.bianchi@sportello.demo', role: 'OPERATOR' },
  luca: { name: 'Luca Ferrari', email: 'luca.ferrari@sportello.demo', role: 'OPERATOR' },
  sara: { name: 'Sara Colombo', email: 'sara.colombo@sportello.demo', role: 'OPERATOR' },
  francesca: { name: 'Francesca Riva', email: 'francesca.riva@sportello.demo', role: 'SUPERVISOR' },
  andrea: { name: 'Andrea Fumagalli', email: 'andrea.fumagalli@sportello.demo', role: 'ADMIN' },
};

export interface QueueSeed {
  name: string;
  description: string;
  categories: string[];
}

/** In display order (position 0..3). */
export const DEMO_QUEUES: QueueSeed[] = [
  {
    name: 'INTERVENTO TECNICO',
    description:
      'Interventi presso la sede del cliente: reti e Wi-Fi, stampanti, server, backup e cablaggi. ' +
      'Richiedono un tecnico sul posto o un fornitore esterno.',
    categories: ['Rete e Wi-Fi', 'Stampanti e multifunzione', 'Server e backup', 'Cablaggio e impianti', 'Sopralluogo'],
  },
  {
    name: 'AUTOVETTURA & CAMPER',
    description:
      'Elettronica di bordo di auto, furgoni e camper: localizzatori GPS, router 4G, impianto elettrico dei ' +
      'servizi, infotainment, retrocamere e strumenti di diagnosi.',
    categories: [
      'Localizzatore GPS',
      'Router 4G di bordo',
      'Impianto elettrico e batterie',
      'Infotainment e retrocamera',
      'Diagnosi elettronica',
    ],
  },
  {
    name: 'COMPUTER & TELEFONI',
    description:
      'PC fissi e portatili, smartphone, tablet, telefoni VoIP e periferiche: guasti, configurazioni e ' +
      'consegna di nuovi dispositivi.',
    categories: [
      'PC fissi e portatili',
      'Smartphone e tablet',
      'Telefoni VoIP',
      'Periferiche e monitor',
      'Nuovo dispositivo',
    ],
  },
  {
    name: 'SOFTWARE',
    description:
      'Gestionali, siti WordPress, posta elettronica e PEC, licenze e sicurezza: errori, aggiornamenti e ' +
      'richieste di modifica.',
    categories: ['Gestionale', 'Sito WordPress', 'Posta elettronica', 'Licenze', 'Antivirus e sicurezza'],
  },
];

export interface ContactSeed {
  name: string;
  email?: string;
  phone?: string;
  locale?: Locale;
  /** Gets a CUSTOMER user (portal access) with the contact's email. */
  portalUser?: boolean;
}

export interface CustomerSeed {
  name: string;
  vatNumber: string;
  email: string;
  phone: string;
  address: string;
  contract:
    | { state: 'NONE' }
    /** `endsInDays`: calendar days from today (negative for an expired contract). */
    | { state: Exclude<ContractState, 'NONE'>; kind: ContractKind; endsInDays: number };
  /** Keyed so that stories can name who asked. */
  contacts: Record<string, ContactSeed>;
}

export const DEMO_CUSTOMERS: Record<string, CustomerSeed> = {
  brambilla: {
    name: 'Studio Associato Brambilla & Sala',
    vatNumber: '02846150973',
    email: 'segreteria@studiobrambillasala.example',
    phone: '+39 0341 362418',
    address: 'Via Cavour 42, 23900 Lecco (LC)',
    contract: { state: 'ACTIVE', kind: 'MAINTENANCE_FEE', endsInDays: 218 },
    contacts: {
      elena: {
        name: 'Elena Brambilla',
        email: 'elena.brambilla@studiobrambillasala.example',
        phone: '+39 335 7142290',
        portalUser: true,
      },
      davide: { name: 'Davide Sala', email: 'davide.sala@studiobrambillasala.example', phone: '+39 0341 362419' },
      monica: { name: 'Monica Airoldi', email: 'segreteria@studiobrambillasala.example', phone: '+39 0341 362418' },
    },
  },
  invernizzi: {
    name: 'Officina Meccanica Invernizzi s.n.c.',
    vatNumber: '03177200973',
    email: 'officina@invernizzi-auto.example',
    phone: '+39 0341 641205',
    address: 'Via Galileo Galilei 8, 23801 Calolziocorte (LC)',
    contract: { state: 'NONE' },
    contacts: {
      roberto: {
        name: 'Roberto Invernizzi',
        email: 'roberto@invernizzi-auto.example',
        phone: '+39 338 4021177',
        portalUser: true,
      },
      marta: { name: 'Marta Invernizzi', email: 'amministrazione@invernizzi-auto.example', phone: '+39 0341 641205' },
    },
  },
  lariocamper: {
    name: 'Lario Camper Rent s.r.l.',
    vatNumber: '03619420973',
    email: 'info@lariocamper.example',
    phone: '+39 0341 583120',
    address: 'Via Statale 36 n. 112, 23868 Valmadrera (LC)',
    contract: { state: 'ACTIVE', kind: 'PREPAID_HOURS', endsInDays: 143 },
    contacts: {
      simone: { name: 'Simone Cattaneo', email: 'simone.cattaneo@lariocamper.example', phone: '+39 347 2286610' },
      anna: { name: 'Anna Vitali', email: 'accettazione@lariocamper.example', phone: '+39 0341 583120' },
    },
  },
  santambrogio: {
    name: "Comune di Sant'Ambrogio Lario",
    vatNumber: '00594130973',
    email: 'protocollo@comune.santambrogiolario.example',
    phone: '+39 0341 240300',
    address: 'Piazza del Municipio 1, 23855 Sant\u2019Ambrogio Lario (LC)',
    contract: { state: 'ACTIVE', kind: 'MAINTENANCE_FEE', endsInDays: 38 },
    contacts: {
      panzeri: {
        name: 'Carlo Panzeri',
        email: 'ufficiotecnico@comune.santambrogiolario.example',
        phone: '+39 0341 240311',
      },
      laura: { name: 'Laura Mauri', email: 'anagrafe@comune.santambrogiolario.example', phone: '+39 0341 240305' },
    },
  },
  tecnoplast: {
    name: 'Tecnoplast Brianza s.r.l.',
    vatNumber: '02298700135',
    email: 'amministrazione@tecnoplastbrianza.example',
    phone: '+39 0341 576900',
    address: "Via dell'Industria 21, 23848 Oggiono (LC)",
    contract: { state: 'ACTIVE', kind: 'HELP_DESK_DIRECT', endsInDays: 301 },
    contacts: {
      fabio: { name: 'Fabio Redaelli', email: 'f.redaelli@tecnoplastbrianza.example', phone: '+39 0341 576902' },
      chiara: { name: 'Chiara Longhi', email: 'c.longhi@tecnoplastbrianza.example', phone: '+39 0341 576905' },
      mark: {
        name: 'Mark Thompson',
        email: 'm.thompson@tecnoplastbrianza.example',
        phone: '+39 342 9087316',
        locale: 'EN',
      },
    },
  },
  sironi: {
    name: 'Farmacia Dott.ssa Sironi',
    vatNumber: '01873420978',
    email: 'farmacia.sironi@pec.example',
    phone: '+39 039 9906671',
    address: 'Piazza Prinetti 3, 23807 Merate (LC)',
    contract: { state: 'EXPIRED', kind: 'MAINTENANCE_FEE', endsInDays: -46 },
    contacts: {
      paola: { name: 'Paola Sironi', email: 'paola.sironi@farmaciasironi.example', phone: '+39 039 9906671' },
      stefano: { name: 'Stefano Ghezzi', email: 'banco@farmaciasironi.example', phone: '+39 039 9906672' },
    },
  },
  belvedere: {
    name: 'Hotel Belvedere Varenna s.a.s.',
    vatNumber: '01135900973',
    email: 'reception@belvederevarenna.example',
    phone: '+39 0341 815077',
    address: 'Via per Esino 5, 23829 Varenna (LC)',
    contract: { state: 'NONE' },
    contacts: {
      giorgio: { name: 'Giorgio Conti', email: 'direzione@belvederevarenna.example', phone: '+39 340 6159023' },
    },
  },
  manzoni: {
    name: 'Autoscuola Manzoni s.a.s.',
    vatNumber: '03451080976',
    email: 'info@autoscuolamanzoni.example',
    phone: '+39 0341 287554',
    address: 'Corso Matteotti 15, 23900 Lecco (LC)',
    contract: { state: 'EXPIRED', kind: 'PREPAID_HOURS', endsInDays: -97 },
    contacts: {
      valentina: { name: 'Valentina Bonacina', email: 'info@autoscuolamanzoni.example', phone: '+39 0341 287554' },
    },
  },
};

// ---------------------------------------------------------------------------------------------
// The tickets, oldest first (the seed sorts them by creation time anyway, so numbers follow time)
// ---------------------------------------------------------------------------------------------

const QUOTE_ONE_HOUR =
  "Gentile cliente, non risulta attivo un contratto di assistenza: l'intervento è quindi a pagamento, " +
  "con la tariffa oraria di 55 € + IVA (stima: un'ora di lavoro). Procediamo appena riceviamo la vostra conferma.";

export const DEMO_STORIES: Story[] = [
  {
    at: workdaysAgo(22, '08:55'),
    channel: 'PHONE',
    contact: 'elena',
    queue: 'COMPUTER & TELEFONI',
    category: 'PC fissi e portatili',
    requested: 3,
    subject: 'PC della reception fermo su «Preparazione di Windows»',
    placeAndWhat: 'Studio di Lecco, reception – PC fisso della postazione accoglienza',
    description:
      "Dopo l'aggiornamento automatico di ieri sera il PC della reception (Dell OptiPlex 7090, Windows 11 Pro) " +
      'resta sulla schermata «Preparazione di Windows. Non spegnere il computer» da oltre un\u2019ora.\n' +
      'Già provato: riavvio forzato dal pulsante (due volte), stesso risultato.\n' +
      'Il PC serve per l\u2019accoglienza e per il softphone del centralino: la segreteria lavora per ora dal portatile di riserva.',
    call: { minutes: 6 },
    steps: [
      take('1m', 'giulia', 2),
      reply(
        '4m',
        'Buongiorno dott.ssa Brambilla, come concordato al telefono proviamo prima il ripristino da remoto; ' +
          'se non basta passa un tecnico in giornata.',
      ),
      move('5m', 'IN_PROGRESS'),
      internal(
        '25m',
        'Il PC non è raggiungibile con l\u2019assistenza remota (resta fermo prima del login). Serve un intervento sul posto.',
      ),
      assign('2m', 'luca'),
      done(
        '4h',
        "Avviato Windows nell'ambiente di ripristino, disinstallato l'aggiornamento cumulativo rimasto a metà ed " +
          'eseguiti «sfc /scannow» e «DISM /RestoreHealth». Aggiornamento riapplicato manualmente: completato. ' +
          'Verificato con la segreteria il funzionamento del softphone.',
        'luca',
      ),
    ],
  },
  {
    at: workdaysAgo(21, '10:20'),
    channel: 'EMAIL',
    contact: 'panzeri',
    queue: 'INTERVENTO TECNICO',
    category: 'Stampanti e multifunzione',
    requested: 2,
    subject: 'Multifunzione ufficio tecnico: inceppamento continuo dal vassoio 2',
    placeAndWhat: 'Municipio, 1° piano – ufficio tecnico, multifunzione Kyocera TASKalfa 3253ci',
    description:
      'La multifunzione dell\u2019ufficio tecnico inceppa la carta a ogni stampa presa dal vassoio 2 (A3). ' +
      'Il display mostra «Inceppamento carta J0511». Dal vassoio 1 (A4) stampa regolarmente.\n' +
      'Abbiamo già provato a togliere la risma e a reinserirla.\n' +
      'Le tavole A3 per la commissione edilizia vanno stampate entro mercoledì.',
    steps: [
      take('35m', 'marco', 2),
      reply(
        '5m',
        'Buongiorno geometra, abbiamo inoltrato la richiesta di intervento al centro assistenza Kyocera (macchina in ' +
          'garanzia). Vi confermiamo data e ora appena ce le comunicano.',
      ),
      move('1m', 'REQUEST_SENT'),
      internal('10m', 'Aperta chiamata al centro assistenza Kyocera, rif. KY-448213. Tecnico previsto domani mattina.'),
      move('1d', 'IN_PROGRESS'),
      done(
        '3h',
        'Il tecnico Kyocera ha sostituito il rullo di prelievo e il separatore del vassoio 2, usurati. ' +
          'Eseguite 50 stampe A3 di prova senza inceppamenti. Consigliato di non caricare più di 250 fogli da 100 g.',
      ),
      customerWrites('1h', 'Confermo che la multifunzione ora stampa regolarmente anche in A3. Grazie, Carlo Panzeri'),
    ],
  },
  {
    at: workdaysAgo(21, '15:40'),
    channel: 'API',
    customer: 'santambrogio',
    queue: 'INTERVENTO TECNICO',
    category: 'Server e backup',
    requested: 3,
    subject: 'Backup notturno del NAS fallito (job «Documenti-Uffici»)',
    placeAndWhat: 'Municipio, piano terra – locale CED, NAS Synology DS920+',
    description:
      'Segnalazione automatica del sistema di monitoraggio.\n' +
      'Job: Documenti-Uffici (Hyper Backup verso disco USB esterno)\n' +
      'Esito: fallito alle 02:14 – «Impossibile accedere alla destinazione del backup»\n' +
      'Ultimo backup riuscito: due notti fa.',
    steps: [
      take('20m', 'luca', 2),
      move('10m', 'IN_PROGRESS'),
      internal(
        '15m',
        'Il disco USB di destinazione risulta espulso: nei log c\u2019è un\u2019interruzione di corrente alle 01:58.',
      ),
      done(
        '2h',
        'Il disco USB di destinazione era stato espulso dopo un\u2019interruzione di corrente. Ricollegato e ' +
          'rimontato da remoto, lanciato il backup manuale (completato, 184 GB). Attivata la notifica email al ' +
          'responsabile CED in caso di errore.',
      ),
    ],
  },
  {
    at: workdaysAgo(20, '11:45'),
    channel: 'CHAT',
    contact: 'chiara',
    createdBy: 'sara',
    queue: 'SOFTWARE',
    category: 'Gestionale',
    requested: 2,
    subject: 'Fattura elettronica scartata dallo SdI: errore 00311',
    placeAndWhat: 'Sede di Oggiono, amministrazione – gestionale, modulo fatturazione elettronica',
    description:
      'La fattura n. 412 al cliente Plastimec è stata scartata dal Sistema di Interscambio con il codice 00311 ' +
      '«1.1.4 <CodiceDestinatario> non valido».\n' +
      'Le altre fatture della stessa giornata sono state consegnate. Serve riemetterla entro fine mese.',
    steps: [
      take('3m', 'sara', 2),
      move('10m', 'IN_PROGRESS'),
      done(
        '35m',
        'Nell\u2019anagrafica del cliente il codice destinatario era di 6 caratteri (quello della PA) invece dei 7 ' +
          'richiesti. Corretto con il codice comunicato dal cliente, emessa nota di variazione e nuova fattura: ' +
          'consegnata dallo SdI.',
      ),
    ],
  },
  {
    at: workdaysAgo(19, '15:30'),
    channel: 'PHONE',
    contact: 'roberto',
    queue: 'COMPUTER & TELEFONI',
    category: 'PC fissi e portatili',
    requested: 1,
    subject: 'Portatile dell\u2019accettazione lentissimo, ventola sempre al massimo',
    placeAndWhat: 'Officina di Calolziocorte, accettazione – portatile HP ProBook 450',
    description:
      'Il portatile dell\u2019accettazione impiega circa 10 minuti ad avviarsi e il gestionale dell\u2019officina si ' +
      'blocca più volte al giorno. La ventola gira sempre al massimo e la scocca scalda molto.\n' +
      'Nessun messaggio di errore. Il problema è peggiorato nelle ultime due settimane.',
    call: { minutes: 5 },
    steps: [
      take('1m', 'giulia', 1),
      reply('3m', QUOTE_ONE_HOUR),
      agree('1h'),
      move('5m', 'IN_PROGRESS'),
      assign('1m', 'luca'),
      done(
        '1d',
        'Pulizia interna di ventola e dissipatore (molto polverosi), sostituita la pasta termica, disattivati tre ' +
          'programmi inutili all\u2019avvio. Avvio ora in 40 secondi, temperatura a riposo 45 °C. Addebitata 1 ora.',
        'luca',
      ),
    ],
  },
  {
    at: workdaysAgo(18, '10:10'),
    channel: 'PORTAL',
    contact: 'elena',
    queue: 'SOFTWARE',
    category: 'Sito WordPress',
    requested: 2,
    subject: 'Sito dello studio: il modulo contatti non invia più le email',
    placeAndWhat: 'Sito www.studiobrambillasala.example – pagina «Contatti»',
    description:
      'Passi per riprodurre il problema:\n' +
      '1. aprire la pagina «Contatti» del sito;\n' +
      '2. compilare nome, email e messaggio;\n' +
      '3. premere «Invia».\n' +
      'Compare «Messaggio inviato», ma alla casella della segreteria non arriva nulla. Provato con Chrome e ' +
      'Firefox su Windows 11. L\u2019ultima richiesta ricevuta dal sito risale a dieci giorni fa.',
    steps: [
      take('25m', 'marco', 2),
      move('20m', 'IN_PROGRESS'),
      internal(
        '30m',
        'WP Mail SMTP non riesce ad autenticarsi: la password dell\u2019account di invio è stata cambiata dal cliente.',
      ),
      done(
        '2h',
        'Il plugin di invio (WP Mail SMTP) usava la vecchia password dell\u2019account di posta, cambiata dallo ' +
          'studio. Creata una password per applicazioni dedicata al sito e inviata un\u2019email di prova: ' +
          'ricevuta. Attivato l\u2019avviso al webmaster in caso di invio fallito.',
      ),
      customerWrites('40m', 'Ricevuto: le richieste arrivano di nuovo. Grazie!'),
    ],
  },
  {
    at: workdaysAgo(17, '08:40'),
    channel: 'EMAIL',
    contact: 'anna',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Router 4G di bordo',
    requested: 2,
    subject: 'Camper CA-03: il Wi-Fi di bordo non va su Internet',
    placeAndWhat: 'Piazzale noleggio di Valmadrera – camper CA-03 (Laika Kosmo), router 4G di bordo',
    description:
      'I clienti rientrati ieri dal noleggio segnalano che il Wi-Fi del camper si collega ma non naviga. ' +
      'Il router (Teltonika RUT241) ha il LED del segnale acceso e quello dei dati spento.\n' +
      'Il camper riparte per un nuovo noleggio venerdì mattina.',
    steps: [
      take('30m', 'sara', 2),
      move('15m', 'IN_PROGRESS'),
      done(
        '1h',
        'La SIM dati del router aveva esaurito il traffico del mese. Ricaricata la SIM e attivata l\u2019opzione con ' +
          'rinnovo automatico; verificata da remoto la navigazione. Impostato l\u2019avviso via SMS all\u201980% del traffico.',
      ),
    ],
  },
  {
    at: workdaysAgo(16, '11:00'),
    channel: 'PHONE',
    contact: 'paola',
    queue: 'INTERVENTO TECNICO',
    category: 'Rete e Wi-Fi',
    requested: 2,
    subject: 'Punto rete del banco 2 non funzionante',
    placeAndWhat: 'Farmacia di Merate, banco vendita n. 2 – presa di rete a muro',
    description:
      'Il PC del banco 2 non si collega alla rete (icona con la X rossa). Scambiando il cavo con quello del ' +
      'banco 1 il PC funziona: il problema sembra la presa a muro, che ha la mascherina rotta.',
    call: { minutes: 4 },
    steps: [
      take('1m', 'giulia', 2),
      reply(
        '3m',
        'Gentile dott.ssa Sironi, il contratto di manutenzione della farmacia è scaduto: l\u2019intervento è a ' +
          'pagamento (uscita 35 € + 55 €/ora + IVA). Attendiamo la sua conferma per fissare l\u2019appuntamento.',
      ),
      cancel(
        '1d',
        'La cliente ha deciso di non procedere con l\u2019intervento a pagamento: l\u2019elettricista di fiducia ha ' +
          'sostituito il frutto RJ45 danneggiato e il banco 2 è di nuovo in rete.',
      ),
    ],
  },
  {
    at: workdaysAgo(16, '14:20'),
    channel: 'CHAT',
    contact: 'giorgio',
    createdBy: 'sara',
    queue: 'SOFTWARE',
    category: 'Posta elettronica',
    requested: 2,
    subject: 'Email delle conferme di prenotazione finiscono nello spam',
    placeAndWhat: 'Hotel di Varenna, reception – casella reception@ e dominio dell\u2019hotel',
    description:
      'Da una settimana diversi ospiti dicono di non aver ricevuto la conferma di prenotazione: la ritrovano ' +
      'nello spam (soprattutto Gmail e Outlook.com). Le email partono dal programma di prenotazione tramite la ' +
      'casella reception@. Nessun messaggio di errore in invio.',
    steps: [
      take('2m', 'sara', 2),
      reply('4m', QUOTE_ONE_HOUR),
      customerWrites('20m', 'Va bene, procedete pure. Giorgio Conti'),
      agree('5m', 'Giorgio Conti'),
      move('5m', 'IN_PROGRESS'),
      done(
        '1d',
        'Il dominio non aveva i record SPF e DKIM per il server di invio del programma di prenotazione. Pubblicati ' +
          'SPF, DKIM e un record DMARC in sola osservazione; le email di prova a Gmail e Outlook.com arrivano in ' +
          'posta in arrivo. Addebitata 1 ora.',
      ),
    ],
  },
  {
    at: workdaysAgo(15, '09:30'),
    channel: 'PHONE',
    contact: 'laura',
    queue: 'COMPUTER & TELEFONI',
    category: 'Periferiche e monitor',
    requested: 2,
    subject: 'Lettore di smart card non riconosciuto allo sportello anagrafe',
    placeAndWhat: 'Municipio, piano terra – sportello anagrafe, lettore di smart card USB',
    description:
      'Il lettore di smart card dello sportello anagrafe non viene più riconosciuto: l\u2019applicazione per la ' +
      'firma dei certificati dice «Nessun lettore trovato». Il LED del lettore è acceso. Cambiata la porta USB, ' +
      'senza risultato.',
    call: { minutes: 9 },
    steps: [
      claim('1m', 'giulia'),
      assess('10s', 2),
      done(
        '7m',
        'Risolto durante la telefonata: un aggiornamento di Windows aveva sostituito il driver del lettore con uno ' +
          'generico. Reinstallato da remoto il driver del produttore; la firma dei certificati funziona di nuovo.',
      ),
    ],
  },
  {
    at: workdaysAgo(14, '10:00'),
    channel: 'EMAIL',
    contact: 'valentina',
    queue: 'INTERVENTO TECNICO',
    category: 'Stampanti e multifunzione',
    requested: 1,
    subject: 'Stampante dell\u2019ufficio stampa sbiadito sul lato destro',
    placeAndWhat: 'Autoscuola di Lecco, ufficio iscrizioni – stampante laser Brother HL-L5100DN',
    description:
      'Da qualche giorno le stampe escono con una fascia sbiadita sul lato destro del foglio, in tutte le pagine. ' +
      'Toner sostituito la settimana scorsa con uno compatibile. Allego una foto di una pagina di prova.',
    steps: [
      take('40m', 'marco', 1),
      reply('5m', QUOTE_ONE_HOUR),
      customerWrites('2h', 'Confermo, potete venire. Valentina Bonacina'),
      agree('10m', 'Valentina Bonacina'),
      move('1d', 'IN_PROGRESS', { scheduledAt: { afterStep: '2h' } }),
      assign('1m', 'luca'),
      done(
        '3h',
        'Pulito il gruppo tamburo e la lama di ricarica, sostituito il toner compatibile difettoso con un originale. ' +
          'Pagina di prova uniforme. Addebitata 1 ora più l\u2019uscita.',
        'luca',
      ),
      customerWrites(
        '8d',
        'Buongiorno, dopo una settimana le stampe sono di nuovo sbiadite sul lato destro. Abbiamo pagato un ' +
          'intervento che non ha risolto il problema: chiediamo che la stampante venga ricontrollata senza ulteriori costi.',
      ),
      complain(
        '20m',
        'La cliente contesta l\u2019intervento (email del mattino): dopo una settimana le stampe sono di nuovo ' +
          'sbiadite sul lato destro e chiede che la stampante venga ricontrollata senza ulteriori costi.',
        'marco',
      ),
      internal(
        '1h',
        'Probabile tamburo a fine vita: contatore a 48.000 pagine. Valutare sostituzione a prezzo di costo.',
        'francesca',
      ),
    ],
  },
  {
    at: workdaysAgo(14, '16:45'),
    channel: 'EMAIL',
    contact: 'mark',
    queue: 'COMPUTER & TELEFONI',
    category: 'Smartphone e tablet',
    requested: 1,
    subject: 'Company iPhone not receiving emails since the iOS update',
    placeAndWhat: 'Oggiono plant, management office – company iPhone 14 of the plant manager',
    description:
      'Since I updated my company iPhone yesterday evening, the Mail app shows «Cannot Get Mail – The user name ' +
      'or password for the account is incorrect». The password has not changed: I can log in to webmail from ' +
      'my laptop. Other colleagues are not affected.',
    steps: [
      take('45m', 'sara', 1),
      reply(
        '10m',
        'Dear Mr Thompson, thank you for the details. The update reset the account to the legacy login method; ' +
          'we will send you the steps to re-add the account with the modern sign-in.',
      ),
      move('5m', 'IN_PROGRESS'),
      done(
        '1d',
        'Removed and re-added the mail account on the iPhone using the Microsoft 365 sign-in (OAuth) instead of the ' +
          'legacy password login. Mail, calendar and contacts are syncing again.',
      ),
    ],
  },
  {
    at: workdaysAgo(13, '10:05'),
    channel: 'PORTAL',
    contact: 'roberto',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Diagnosi elettronica',
    requested: 1,
    subject: 'Rinnovo licenza del software di diagnosi multimarca',
    placeAndWhat: 'Officina di Calolziocorte – tester di diagnosi multimarca e PC dell\u2019officina',
    description:
      'Il software del tester di diagnosi segnala «Licenza in scadenza tra 7 giorni». Vorremmo sapere se potete ' +
      'occuparvi del rinnovo e dell\u2019aggiornamento delle banche dati, e con quali costi.',
    steps: [
      take('30m', 'marco', 1),
      reply(
        '20m',
        'Buongiorno, il rinnovo si acquista dal distributore dello strumento; possiamo occuparci noi di ordine, ' +
          'installazione e aggiornamento (circa un\u2019ora, 55 € + IVA, oltre al costo della licenza).',
      ),
      customerWrites('1d', 'Grazie, a questo punto faccio fare il rinnovo direttamente al rivenditore quando passa.'),
      cancel(
        '10m',
        'Il cliente ha preferito rivolgersi direttamente al rivenditore dello strumento per il rinnovo della licenza.',
      ),
    ],
  },
  {
    at: workdaysAgo(12, '09:00'),
    channel: 'PHONE',
    contact: 'simone',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Impianto elettrico e batterie',
    requested: 3,
    subject: 'Camper CA-05: l\u2019inverter va in protezione con la macchina del caffè',
    placeAndWhat: 'Piazzale noleggio di Valmadrera – camper CA-05 (Rimor Seal), inverter 12/230 V',
    description:
      'Sul camper CA-05, collegando la macchina del caffè (1.100 W) alla presa 230 V, l\u2019inverter si spegne ' +
      'dopo pochi secondi e il display indica «OVERLOAD». Con il caricabatterie del telefono funziona. ' +
      'Il camper ha un noleggio prenotato da sabato.',
    call: { minutes: 5 },
    steps: [
      take('1m', 'giulia', 3),
      move('10m', 'IN_PROGRESS'),
      assign('2m', 'luca'),
      done(
        '1d',
        'Sostituito il fusibile da 150 A sul positivo dell\u2019inverter (ossidato) e serrati i morsetti della ' +
          'batteria servizi. Prova con carico da 1.200 W per 10 minuti superata.',
        'luca',
      ),
      customerCalls('4d', 'giulia', 6),
      complain(
        '2m',
        'Il sig. Cattaneo segnala che al primo noleggio dopo l\u2019intervento l\u2019inverter è andato di nuovo in ' +
          'protezione: i clienti sono rimasti due giorni senza 230 V e hanno chiesto un rimborso parziale.',
        'giulia',
      ),
      reassign('1h', 'luca', 'francesca'),
      move('5m', 'IN_PROGRESS'),
      done(
        '1d',
        'L\u2019inverter da 1.000 W era sottodimensionato per gli elettrodomestici forniti con il camper. ' +
          'Installato un inverter a onda sinusoidale pura da 2.000 W con cavi da 35 mm²; prova di un\u2019ora con ' +
          'macchina del caffè e phon superata. Ore di lavoro non scalate dal pacchetto, come concordato.',
        'luca',
      ),
    ],
  },
  {
    at: workdaysAgo(11, '11:30'),
    channel: 'EMAIL',
    contact: 'davide',
    queue: 'SOFTWARE',
    category: 'Gestionale',
    requested: 2,
    subject: 'Gestionale paghe: «Tabella addizionali comunali non aggiornata»',
    placeAndWhat: 'Studio di Lecco, ufficio paghe – gestionale paghe, elaborazione cedolini',
    description:
      'Avviando l\u2019elaborazione dei cedolini del mese compare il messaggio «Tabella addizionali comunali non ' +
      'aggiornata – impossibile proseguire». L\u2019errore appare su tutte e tre le postazioni dell\u2019ufficio paghe. ' +
      'I cedolini vanno consegnati ai clienti entro il 10.',
    steps: [
      take('50m', 'marco', 3),
      move('10m', 'IN_PROGRESS'),
      internal(
        '20m',
        'Aggiornamento tabelle del produttore non scaricato: il servizio di aggiornamento era bloccato dal firewall dopo il cambio del router.',
      ),
      done(
        '1h',
        'Autorizzato sul firewall il server di aggiornamento del produttore del gestionale e installato il pacchetto ' +
          'tabelle del mese. Elaborazione dei cedolini di prova completata su tutte le postazioni.',
      ),
    ],
  },
  {
    at: workdaysAgo(11, '15:10'),
    channel: 'API',
    customer: 'tecnoplast',
    queue: 'INTERVENTO TECNICO',
    category: 'Server e backup',
    requested: 2,
    subject: 'Spazio libero del server SRV-FILE01 sotto il 10% (volume D:)',
    placeAndWhat: 'Sede di Oggiono, sala server – file server SRV-FILE01, volume dati D:',
    description:
      'Segnalazione automatica del sistema di monitoraggio.\n' +
      'Server: SRV-FILE01 – volume D: (dati condivisi)\n' +
      'Spazio libero: 9,4% (188 GB su 2 TB), soglia di avviso 10%\n' +
      'Crescita media dell\u2019ultimo mese: 6 GB al giorno.',
    steps: [
      take('30m', 'luca', 2),
      move('1h', 'IN_PROGRESS'),
      done(
        '1d',
        'Ridotte le copie shadow del volume D: (da 20% a 8%), spostato l\u2019archivio 2019-2021 dell\u2019ufficio ' +
          'tecnico sul NAS di archivio d\u2019accordo con Fabio Redaelli. Spazio libero ora al 31%.',
      ),
    ],
  },
  {
    at: workdaysAgo(10, '08:50'),
    channel: 'PHONE',
    contact: 'valentina',
    queue: 'COMPUTER & TELEFONI',
    category: 'Periferiche e monitor',
    requested: 2,
    subject: 'PC dell\u2019aula di teoria: il proiettore non viene rilevato',
    placeAndWhat: 'Autoscuola di Lecco, aula di teoria – PC del docente e proiettore Epson EB-X51',
    description:
      'Collegando il proiettore al PC del docente (cavo HDMI) Windows non rileva il secondo schermo; il ' +
      'proiettore indica «Nessun segnale». Lo stesso proiettore funziona con un portatile. La lezione di teoria ' +
      'è alle 18:00.',
    call: { minutes: 7 },
    steps: [
      take('1m', 'giulia', 2),
      reply(
        '2m',
        'Come anticipato al telefono, con il contratto a pacchetto ore scaduto l\u2019intervento è a pagamento ' +
          '(55 € + IVA all\u2019ora, da remoto).',
      ),
      agree('2m', 'Valentina Bonacina'),
      move('2m', 'IN_PROGRESS'),
      done(
        '1h',
        'La scheda video integrata era impostata su «Solo schermo del PC» e il driver era quello generico di ' +
          'Windows. Installato il driver Intel aggiornato e impostata la modalità «Duplica». Proiezione verificata ' +
          'con la segreteria. Addebitati 30 minuti.',
      ),
    ],
  },
  {
    at: workdaysAgo(10, '14:30'),
    channel: 'EMAIL',
    contact: 'panzeri',
    queue: 'INTERVENTO TECNICO',
    category: 'Cablaggio e impianti',
    requested: 1,
    subject: 'Spostamento di due prese di rete nell\u2019ufficio tributi',
    placeAndWhat: 'Municipio, 2° piano – ufficio tributi, parete lato finestre',
    description:
      'Con il riordino degli arredi dell\u2019ufficio tributi le due scrivanie verso la finestra vengono spostate ' +
      'sulla parete opposta. Servono due prese di rete (e le relative prese elettriche, già previste ' +
      'dall\u2019elettricista del Comune) sulla nuova parete, collegate all\u2019armadio di piano.',
    steps: [
      take('1h', 'marco', 1),
      reply('10m', 'Buongiorno geometra, ci indichi quando gli arredi saranno spostati e fissiamo il sopralluogo.'),
      cancel(
        '2d',
        'Il Comune ha rinviato il riordino degli arredi a data da destinarsi: la richiesta viene annullata.',
        { by: 'marco' },
      ),
      reopen(
        '5d',
        'Il geometra Panzeri comunica che gli arredi saranno spostati la settimana prossima: la richiesta torna attiva.',
      ),
      move('1h', 'REQUEST_SENT'),
      internal(
        '5m',
        'Inviata all\u2019installatore la richiesta per la posa di 2 punti rete Cat. 6 (canalina esterna, circa 12 m).',
      ),
    ],
  },
  {
    at: workdaysAgo(9, '10:40'),
    channel: 'CHAT',
    contact: 'laura',
    createdBy: 'giulia',
    queue: 'SOFTWARE',
    category: 'Antivirus e sicurezza',
    requested: 3,
    subject: 'Email sospetta «Avviso di pagamento pagoPA» con allegato .zip',
    placeAndWhat: 'Municipio, piano terra – casella anagrafe@, email ricevuta alle 10:12',
    description:
      'È arrivata un\u2019email con oggetto «Avviso di pagamento pagoPA n. 3021» da un mittente sconosciuto, con un ' +
      'allegato .zip. Nessuno l\u2019ha aperto. Chiediamo se è un tentativo di phishing e cosa fare con le ' +
      'altre caselle del Comune.',
    steps: [
      take('2m', 'giulia', 3),
      move('3m', 'IN_PROGRESS'),
      done(
        '40m',
        'Si tratta di phishing: l\u2019allegato contiene un eseguibile malevolo. Email rimossa da tutte le 14 ' +
          'caselle del Comune che l\u2019avevano ricevuta, mittente e dominio bloccati sul filtro antispam, ' +
          'inviato un avviso al personale. Nessun PC risulta compromesso.',
      ),
    ],
  },
  {
    key: 'tecnoplast-antivirus',
    at: workdaysAgo(9, '16:05'),
    channel: 'EMAIL',
    contact: 'fabio',
    queue: 'SOFTWARE',
    category: 'Licenze',
    requested: 1,
    subject: 'Licenze antivirus in scadenza: rinnovo per 25 postazioni',
    placeAndWhat: 'Sede di Oggiono, tutti gli uffici – antivirus ESET Endpoint su 25 PC',
    description:
      'La console dell\u2019antivirus segnala la scadenza delle licenze tra 15 giorni. Chiediamo il rinnovo ' +
      'triennale per 25 postazioni (erano 22: nel frattempo sono stati aggiunti tre PC in produzione).',
    steps: [
      take('1h', 'marco', 1),
      move('20m', 'REQUEST_SENT'),
      internal('5m', 'Ordine al distributore per 25 licenze triennali, consegna della chiave prevista in 2 giorni.'),
      move('2d', 'IN_PROGRESS'),
      done(
        '2h',
        'Rinnovate le licenze per 25 postazioni fino a tre anni da oggi; la chiave è stata applicata dalla console, ' +
          'tutti i PC risultano protetti e aggiornati.',
      ),
    ],
  },
  {
    at: workdaysAgo(9, '16:20'),
    channel: 'CHAT',
    contact: 'chiara',
    createdBy: 'sara',
    queue: 'SOFTWARE',
    category: 'Licenze',
    requested: 1,
    subject: 'Rinnovo antivirus degli uffici',
    placeAndWhat: 'Sede di Oggiono – antivirus dei PC degli uffici',
    description: 'La console dell\u2019antivirus dice che le licenze scadono tra 15 giorni: chiedo il rinnovo.',
    steps: [
      claim('2m', 'sara'),
      assess('10s', 1),
      cancel(
        '3m',
        'Duplicato di [[tecnoplast-antivirus]]: stessa richiesta inviata poco prima via email da Fabio Redaelli.',
        {
          visibility: 'INTERNAL',
        },
      ),
    ],
  },
  {
    key: 'brambilla-wifi',
    at: workdaysAgo(8, '14:00'),
    channel: 'PORTAL',
    contact: 'elena',
    queue: 'INTERVENTO TECNICO',
    category: 'Rete e Wi-Fi',
    requested: 2,
    subject: 'Wi-Fi della sala riunioni: la connessione cade durante le videochiamate',
    placeAndWhat: 'Studio di Lecco, sala riunioni al 1° piano – access point a soffitto',
    description:
      'Durante le videochiamate (Teams, dal portatile dello studio o dai portatili dei clienti) la connessione ' +
      'cade per qualche secondo, in media ogni 15-20 minuti. Negli uffici accanto il Wi-Fi funziona. Il problema ' +
      'c\u2019è da circa un mese.',
    steps: [
      take('20m', 'marco', 3),
      assign('5m', 'luca'),
      move('1d', 'IN_PROGRESS', { scheduledAt: { afterStep: '2h' } }),
      done(
        '3h',
        'L\u2019access point della sala riunioni (modello fuori supporto) si riavviava per surriscaldamento. ' +
          'Sostituito con un access point Wi-Fi 6 e impostati canali fissi. Videochiamata di prova di 30 minuti senza interruzioni.',
        'luca',
      ),
      complain(
        '4d',
        'Anche dopo la sostituzione dell\u2019access point, oggi la videochiamata con un cliente si è interrotta tre ' +
          'volte in un\u2019ora. Chiedo che il problema venga risolto in modo definitivo.',
      ),
      internal(
        '30m',
        'Possibile interferenza sul canale 5 GHz con la rete dell\u2019ufficio al piano di sopra: Luca porta l\u2019analizzatore di spettro.',
        'francesca',
      ),
      internal(
        earlier('1h10m'),
        'Luca è in sala riunioni con l\u2019analizzatore di spettro: misura in corso fino a mezzogiorno.',
        'luca',
      ),
      remind(earlier('1h'), 'marco', 'Richiamare la dott.ssa Brambilla dopo la misura del Wi-Fi in sala riunioni', {
        fromNow: '2h',
      }),
    ],
  },
  {
    at: workdaysAgo(8, '09:15'),
    channel: 'EMAIL',
    contact: 'stefano',
    queue: 'COMPUTER & TELEFONI',
    category: 'Periferiche e monitor',
    requested: 2,
    subject: 'Stampante di etichette: i codici a barre non vengono letti',
    placeAndWhat: 'Farmacia di Merate, magazzino – stampante di etichette Zebra ZD421',
    description:
      'Le etichette con il codice a barre stampate dalla Zebra del magazzino non vengono lette dai lettori dei ' +
      'banchi: le barre risultano «sbavate». Provato a cambiare rotolo di etichette, stesso problema. Allego ' +
      'la foto di un\u2019etichetta.',
    steps: [
      take('1h', 'sara', 2),
      reply(
        '10m',
        'Buongiorno, con il contratto scaduto l\u2019intervento è a pagamento: 35 € di uscita + 55 €/ora + IVA. ' +
          'Ci confermate che possiamo procedere?',
      ),
      customerWrites(
        '3h',
        'Sì, la dott.ssa Sironi autorizza l\u2019intervento. Meglio in orario di chiusura (13:00-15:30).',
      ),
      agree('10m', 'Paola Sironi'),
      remind('5m', 'sara', 'Confermare alla farmacia l\u2019orario dell\u2019intervento', { afterStep: '2h' }),
      reminderDone('1h'),
      move('5m', 'IN_PROGRESS', { scheduledAt: { afterStep: '2d' } }),
      assign('1m', 'luca'),
      reschedule(
        '1d',
        { workdaysAhead: 2, at: '13:15' },
        'La farmacia chiede di spostare l\u2019intervento: il giorno fissato è di turno e resta aperta anche a pranzo.',
        'luca',
      ),
    ],
  },
  {
    key: 'tecnoplast-voip',
    at: workdaysAgo(7, '11:20'),
    channel: 'PHONE',
    contact: 'fabio',
    queue: 'COMPUTER & TELEFONI',
    category: 'Telefoni VoIP',
    requested: 3,
    subject: 'Telefoni VoIP del reparto stampaggio: audio a una via sulle chiamate esterne',
    placeAndWhat: 'Sede di Oggiono, reparto stampaggio – 6 telefoni VoIP Yealink T43U',
    description:
      'Sui 6 telefoni del reparto stampaggio, nelle chiamate verso l\u2019esterno noi sentiamo l\u2019interlocutore ma ' +
      'lui non sente noi. Le chiamate interne funzionano. Gli uffici (stesso centralino) non hanno il problema. ' +
      'Il reparto è collegato con uno switch nuovo installato la settimana scorsa.',
    call: { minutes: 8 },
    steps: [
      take('1m', 'giulia', 3),
      assign('5m', 'luca'),
      move('10m', 'IN_PROGRESS'),
      internal(
        '2h',
        'Lo switch nuovo del reparto ha la VLAN voce non configurata: i telefoni prendono l\u2019indirizzo dalla rete dati e il NAT del router rompe l\u2019RTP.',
        'luca',
      ),
      callCustomer('1d', 'luca', 12),
      internal(
        '10m',
        'Per modificare lo switch servono le credenziali di amministrazione: Fabio le chiede al fornitore del cablaggio.',
        'luca',
      ),
      customerWrites(
        '2d',
        'Buongiorno, vi ho inoltrato le credenziali dello switch ricevute dal fornitore. Fabio Redaelli',
      ),
      internal(
        earlier('1h30m'),
        'Configurata la VLAN voce sullo switch del reparto e disattivato il SIP ALG sul router. Da verificare con il reparto al cambio turno.',
        'luca',
      ),
      remind(
        earlier('1h25m'),
        'luca',
        'Verificare con Fabio Redaelli le chiamate esterne del reparto stampaggio dopo il cambio turno',
        {
          fromNow: '45m',
        },
      ),
    ],
  },
  {
    at: workdaysAgo(3, '16:00'),
    channel: 'EMAIL',
    contact: 'anna',
    queue: 'SOFTWARE',
    category: 'Gestionale',
    requested: 1,
    subject: 'Gestionale noleggi: aggiungere i km alla riconsegna nel contratto stampato',
    placeAndWhat: 'Ufficio accettazione di Valmadrera – gestionale noleggi, modulo di stampa del contratto',
    description:
      'Vorremmo che nel contratto di noleggio stampato comparissero anche i chilometri alla riconsegna del ' +
      'camper, oltre a quelli alla partenza, per farli firmare al cliente.',
    steps: [
      take('1h', 'marco', 1),
      requestChanges(
        '30m',
        'Per procedere ci servono: 1) se il campo deve essere obbligatorio alla chiusura del noleggio; 2) in quale ' +
          'punto del contratto stamparlo (allegate, se possibile, una copia del contratto attuale con l\u2019indicazione); ' +
          '3) se serve anche il livello del carburante alla riconsegna.',
      ),
      remind('5m', 'marco', 'Sollecitare Anna Vitali per le indicazioni sul contratto di noleggio', {
        workdaysAhead: 1,
        at: '09:30',
      }),
    ],
  },
  {
    at: workdaysAgo(6, '09:40'),
    channel: 'PHONE',
    contact: 'panzeri',
    queue: 'INTERVENTO TECNICO',
    category: 'Sopralluogo',
    requested: 2,
    subject: 'Sopralluogo per il nuovo ufficio protocollo: 4 postazioni e una multifunzione',
    placeAndWhat: 'Municipio, piano terra – ex archivio, futuro ufficio protocollo',
    description:
      'L\u2019ex archivio al piano terra diventa il nuovo ufficio protocollo: servono 4 postazioni di lavoro con ' +
      'rete e telefono e una multifunzione di piano. Chiediamo un sopralluogo per valutare cablaggio e ' +
      'copertura Wi-Fi e preparare il preventivo.',
    call: { minutes: 6, missedBefore: '12m' },
    steps: [
      take('1m', 'giulia', 2),
      assign('10m', 'luca'),
      move('5m', 'REQUEST_SENT'),
      reschedule(
        '1d',
        { workdaysAhead: 3, at: '09:00' },
        'Il geometra Panzeri chiede di spostare il sopralluogo: la ditta che svuota l\u2019archivio finisce i lavori solo a fine settimana.',
      ),
    ],
  },
  {
    key: 'camper-gps-ca07',
    at: workdaysAgo(6, '13:30'),
    channel: 'API',
    customer: 'lariocamper',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Localizzatore GPS',
    requested: 2,
    subject: 'Localizzatore GPS del camper CA-07 offline da 48 ore',
    placeAndWhat: 'Camper CA-07 (Adria Matrix) a noleggio – localizzatore GPS della flotta',
    description:
      'Segnalazione automatica della piattaforma di gestione flotta.\n' +
      'Veicolo: CA-07 – ultima posizione ricevuta 48 ore fa (area di sosta di Sondrio)\n' +
      'Tensione di alimentazione all\u2019ultimo invio: 12,1 V\n' +
      'Il camper risulta a noleggio fino a domenica.',
    steps: [
      take('25m', 'sara', 3),
      move('10m', 'IN_PROGRESS'),
      reply(
        '15m',
        'Buongiorno, dai dati il localizzatore ha smesso di trasmettere senza cali di tensione: probabile problema ' +
          'della SIM o dell\u2019antenna. Lo verifichiamo al rientro del camper; nel frattempo chiediamo all\u2019operatore lo stato della SIM.',
      ),
      internal(
        '1d',
        'L\u2019operatore conferma SIM attiva e nessun traffico da 3 giorni: sospetto guasto dell\u2019antenna GSM. Da controllare al rientro.',
      ),
    ],
  },
  {
    at: workdaysAgo(6, '11:30'),
    channel: 'PHONE',
    contact: 'simone',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Localizzatore GPS',
    requested: 1,
    subject: 'Installazione dei localizzatori GPS sui due camper nuovi (CA-11 e CA-12)',
    placeAndWhat: 'Piazzale noleggio di Valmadrera – camper nuovi CA-11 e CA-12',
    description:
      'Arrivano due camper nuovi (Laika Ecovip): vanno installati i localizzatori GPS come sul resto della flotta ' +
      'e aggiunti alla piattaforma di gestione, prima del primo noleggio.',
    call: { minutes: 4 },
    steps: [
      take('1m', 'giulia', 1),
      assign('5m', 'luca'),
      move('5m', 'REQUEST_SENT'),
      internal('10m', 'Ordinati due localizzatori uguali a quelli della flotta, consegna prevista in 3 giorni.'),
      reschedule(
        '2d',
        { workdaysAhead: 4, at: '14:30' },
        'Il concessionario consegnerà i due camper con qualche giorno di ritardo: l\u2019installazione è spostata.',
        'luca',
      ),
    ],
  },
  {
    at: workdaysAgo(5, '10:15'),
    channel: 'EMAIL',
    contact: 'monica',
    queue: 'COMPUTER & TELEFONI',
    category: 'Nuovo dispositivo',
    requested: 1,
    subject: 'Nuovo portatile per la praticante: acquisto e configurazione',
    placeAndWhat: 'Studio di Lecco, 2° piano – postazione della nuova praticante',
    description:
      'Dal primo del mese entra in studio una nuova praticante. Serve un portatile configurato come gli altri ' +
      '(gestionale, posta, accesso alle cartelle condivise e stampanti), con monitor esterno e tastiera.',
    steps: [
      take('1h', 'marco', 1),
      reply(
        '10m',
        'Buongiorno, proponiamo lo stesso modello degli altri portatili dello studio; procediamo con l\u2019ordine.',
      ),
      move('1h', 'REQUEST_SENT'),
      internal(
        '5m',
        'Ordinato Lenovo ThinkPad E14 + monitor 24" al distributore, consegna prevista entro 5 giorni lavorativi.',
      ),
      remind('2m', 'marco', 'Controllare la consegna del portatile per lo Studio Brambilla & Sala', {
        workdaysAhead: 1,
        at: '10:00',
      }),
    ],
  },
  {
    key: 'invernizzi-retrocamera',
    at: workdaysAgo(3, '15:50'),
    channel: 'PORTAL',
    contact: 'roberto',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Infotainment e retrocamera',
    requested: 1,
    subject: 'Furgone di servizio: la retrocamera non dà immagine',
    placeAndWhat: 'Officina di Calolziocorte – furgone di servizio Fiat Ducato, retrocamera aftermarket',
    description:
      'Inserendo la retromarcia lo schermo della retrocamera resta nero con la scritta «No signal». Il monitor si ' +
      'accende regolarmente. Il problema è comparso dopo il lavaggio del furgone. Allego foto del monitor.',
    steps: [
      take('40m', 'giulia', 1),
      reply(
        '10m',
        'Buongiorno, non essendoci un contratto attivo l\u2019intervento è a pagamento: controllo di cavo e ' +
          'connettori della telecamera, circa un\u2019ora (55 € + IVA) più l\u2019eventuale telecamera. Attendiamo la sua conferma.',
      ),
      remind('1h', 'giulia', 'Richiamare Roberto Invernizzi per la conferma del preventivo della retrocamera', {
        beforeNow: '2h',
      }),
    ],
  },
  {
    at: workdaysAgo(4, '09:20'),
    channel: 'PHONE',
    contact: 'giorgio',
    queue: 'INTERVENTO TECNICO',
    category: 'Rete e Wi-Fi',
    requested: 3,
    subject: 'Wi-Fi ospiti assente al 3° piano',
    placeAndWhat: 'Hotel di Varenna, 3° piano – corridoio camere 301-312, access point a parete',
    description:
      'Da ieri sera le camere del 3° piano non vedono la rete Wi-Fi degli ospiti. L\u2019access point del corridoio ' +
      'ha il LED spento. Ai piani 1 e 2 il Wi-Fi funziona. L\u2019hotel è al completo per il fine settimana.',
    call: { minutes: 5 },
    steps: [
      take('1m', 'marco', 3),
      reply('2m', QUOTE_ONE_HOUR),
      agree('3m', 'Giorgio Conti'),
      move('2m', 'IN_PROGRESS', { scheduledAt: { afterStep: '1d' } }),
      assign('1m', 'luca'),
      internal(
        '1d',
        'La porta dello switch che alimenta l\u2019access point (PoE) è guasta. Portato lo switch di scorta, da installare.',
        'luca',
      ),
    ],
  },
  {
    at: workdaysAgo(4, '15:30'),
    channel: 'API',
    customer: 'tecnoplast',
    queue: 'INTERVENTO TECNICO',
    category: 'Server e backup',
    requested: 2,
    subject: 'NAS di backup: disco 3 in pre-guasto (SMART)',
    placeAndWhat: 'Sede di Oggiono, sala server – NAS di backup QNAP TS-873A, disco nel vano 3',
    description:
      'Segnalazione automatica del sistema di monitoraggio.\n' +
      'Dispositivo: NAS di backup – disco 3 (WD Red Pro 8 TB)\n' +
      'Stato SMART: avviso – 24 settori riallocati, 6 in attesa di riallocazione\n' +
      'Il volume RAID 6 è integro; nessun dato a rischio immediato.',
    steps: [
      take('35m', 'luca', 2),
      internal(
        '20m',
        'Disco ancora in garanzia: aperta la richiesta di sostituzione (RMA) al produttore con il numero di serie e il report SMART.',
      ),
      move('2m', 'REQUEST_SENT'),
      reply(
        '5m',
        'Buongiorno, il disco 3 del NAS di backup mostra i primi segni di guasto: abbiamo chiesto la sostituzione in ' +
          'garanzia. Il NAS continua a funzionare; lo sostituiamo a caldo appena arriva il disco nuovo.',
      ),
    ],
  },
  {
    key: 'tecnoplast-m365',
    at: workdaysAgo(4, '11:00'),
    channel: 'CHAT',
    contact: 'chiara',
    createdBy: 'sara',
    queue: 'SOFTWARE',
    category: 'Licenze',
    requested: 1,
    subject: 'Account Microsoft 365 per due nuovi assunti dell\u2019ufficio acquisti',
    placeAndWhat: 'Sede di Oggiono, ufficio acquisti – tenant Microsoft 365 aziendale',
    description:
      'Dal 1° del mese entrano due nuovi colleghi nell\u2019ufficio acquisti: servono due account Microsoft 365 ' +
      'Business Standard con casella di posta, accesso al gruppo «Acquisti» e alle cartelle SharePoint del reparto.',
    steps: [
      take('3m', 'sara', 1),
      move('10m', 'IN_PROGRESS'),
      suspend(
        '1d',
        'Sospeso: diamo la precedenza al fermo dei telefoni del reparto stampaggio ([[tecnoplast-voip]]). ' +
          'Gli account servono dal 1° del mese, c\u2019è margine.',
        'francesca',
      ),
    ],
  },
  {
    at: workdaysAgo(3, '10:30'),
    channel: 'EMAIL',
    contact: 'valentina',
    queue: 'SOFTWARE',
    category: 'Sito WordPress',
    requested: 1,
    subject: 'Aggiornare il calendario dei corsi di teoria sul sito',
    placeAndWhat: 'Sito dell\u2019autoscuola – pagina «Corsi e orari»',
    description:
      'Vorremmo aggiornare la pagina «Corsi e orari» con il nuovo calendario dei corsi serali (allegato in PDF) ' +
      'e aggiungere un pulsante per l\u2019iscrizione via WhatsApp.',
    steps: [
      take('2h', 'marco', 1),
      reply('15m', QUOTE_ONE_HOUR),
      customerWrites(
        '1d',
        'Buongiorno, prima di confermare: il pulsante WhatsApp funziona anche da computer o solo da telefono?',
      ),
    ],
  },
  {
    at: workdaysAgo(3, '14:10'),
    channel: 'PHONE',
    contact: 'paola',
    queue: 'SOFTWARE',
    category: 'Gestionale',
    requested: 3,
    subject: 'Invio delle spese sanitarie al Sistema TS: errore di autenticazione',
    placeAndWhat: 'Farmacia di Merate, ufficio – gestionale della farmacia, invio al Sistema Tessera Sanitaria',
    description:
      'L\u2019invio dei dati delle spese sanitarie al Sistema TS dal gestionale non va a buon fine: compare ' +
      '«Errore 401 – credenziali non valide». Le credenziali non sono state cambiate. La scadenza dell\u2019invio è a fine mese.',
    call: { minutes: 6 },
    steps: [
      take('1m', 'giulia', 3),
      reply('2m', 'Come concordato al telefono, l\u2019intervento è a pagamento (55 € + IVA all\u2019ora, da remoto).'),
      agree('1m', 'Paola Sironi'),
      move('3m', 'IN_PROGRESS'),
      assign('5m', 'marco'),
      internal(
        '2h',
        'La password dell\u2019utenza del Sistema TS è scaduta (va rinnovata ogni 90 giorni dal portale). Serve la dottoressa con le sue credenziali.',
        'marco',
      ),
      callCustomer('1d', 'marco', 10),
      internal(
        '5m',
        'La dott.ssa Sironi rinnova la password dal portale stasera; domani mattina ritentiamo l\u2019invio insieme.',
        'marco',
      ),
    ],
  },
  {
    at: workdaysAgo(3, '16:30'),
    channel: 'PORTAL',
    contact: 'elena',
    queue: 'SOFTWARE',
    category: 'Posta elettronica',
    requested: 2,
    subject: 'PEC dello studio quasi piena',
    placeAndWhat: 'Casella PEC dello studio – accesso da webmail e dal client di posta della segreteria',
    description:
      'Il gestore della PEC ci avvisa che la casella è al 95% dello spazio. Vorremmo sapere se conviene ' +
      'ampliarla o archiviare i messaggi vecchi, senza perdere la validità legale delle ricevute.',
    steps: [
      take('30m', 'marco', 2),
      reply(
        '20m',
        'Buongiorno, consigliamo di attivare l\u2019archivio di sicurezza del gestore (conserva messaggi e ricevute ' +
          'con valore legale) e di spostarvi i messaggi più vecchi di 12 mesi. Ci conferma che possiamo procedere così?',
      ),
      customerWrites('1d', 'Prima vorrei sentire il collega Sala, vi faccio sapere entro venerdì.'),
      internal(
        '10m',
        'Cliente richiamato: chiede di attendere la risposta entro venerdì. Nessuna urgenza, la casella regge ancora qualche settimana.',
      ),
    ],
  },
  {
    at: workdaysAgo(2, '08:45'),
    channel: 'EMAIL',
    contact: 'laura',
    queue: 'COMPUTER & TELEFONI',
    category: 'PC fissi e portatili',
    requested: 2,
    subject: 'PC dello sportello anagrafe chiede la chiave di ripristino BitLocker',
    placeAndWhat: 'Municipio, piano terra – sportello anagrafe, PC fisso HP EliteDesk 800',
    description:
      'Stamattina all\u2019accensione il PC dello sportello anagrafe chiede la «chiave di ripristino BitLocker» e non ' +
      'si avvia. Ieri sera è stato aggiornato il BIOS dall\u2019aggiornamento automatico. Lo sportello apre alle 9:00.',
    steps: [
      take('10m', 'giulia', 3),
      move('5m', 'IN_PROGRESS'),
      done(
        '20m',
        'Fornita la chiave di ripristino BitLocker (archiviata nel tenant del Comune) e sospesa/ripresa la ' +
          'protezione per aggiornare le misure del TPM dopo l\u2019aggiornamento del BIOS. Il PC si avvia regolarmente.',
      ),
      customerWrites(
        '1d',
        'Buongiorno, il PC dello sportello stamattina ha chiesto di nuovo la chiave di ripristino. Laura Mauri',
      ),
      reopen(
        '10m',
        'La sig.ra Mauri segnala che il PC chiede di nuovo la chiave di ripristino a ogni accensione: il problema non è risolto.',
      ),
      move('30m', 'IN_PROGRESS', { by: 'giulia' }),
      assign('5m', 'luca'),
      internal(
        '1h',
        'Il firmware del TPM è in una versione con un problema noto: va aggiornato sul posto con il BIOS. Luca passa domattina.',
        'luca',
      ),
    ],
  },
  {
    at: workdaysAgo(2, '09:30'),
    channel: 'CHAT',
    contact: 'davide',
    createdBy: 'sara',
    queue: 'COMPUTER & TELEFONI',
    category: 'Telefoni VoIP',
    requested: 1,
    subject: 'Inoltro di chiamata dal telefono dell\u2019ufficio al cellulare non funziona',
    placeAndWhat: 'Studio di Lecco, ufficio del dott. Sala – telefono VoIP interno 204',
    description:
      'Impostando dal telefono dell\u2019interno 204 l\u2019inoltro di tutte le chiamate verso il cellulare, chi ' +
      'chiama sente «Il numero selezionato è inesistente». L\u2019inoltro verso un altro interno funziona.',
    steps: [
      take('3m', 'sara', 1),
      move('10m', 'IN_PROGRESS'),
      internal(
        '30m',
        'Sul centralino l\u2019interno 204 non ha il permesso di chiamate verso cellulari per gli inoltri; va chiesto al dott. Sala se abilitarlo solo per lui.',
      ),
    ],
  },
  {
    at: workdaysAgo(2, '11:15'),
    channel: 'PHONE',
    contact: 'simone',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Infotainment e retrocamera',
    requested: 2,
    subject: 'Camper CA-09: navigatore bloccato sulla schermata di avvio',
    placeAndWhat: 'Piazzale noleggio di Valmadrera – camper CA-09 (Laika Kosmo), navigatore Pioneer di serie',
    description:
      'Il navigatore del camper CA-09 si blocca sul logo all\u2019accensione e si riavvia in continuazione. ' +
      'Provato a staccare la batteria servizi per 10 minuti: nessun cambiamento. Il camper ha noleggi prenotati dalla prossima settimana.',
    call: { minutes: 5 },
    steps: [
      take('1m', 'giulia', 2),
      move('30m', 'REQUEST_SENT'),
      internal(
        '5m',
        'Il navigatore è in garanzia: inviata la richiesta di intervento al centro assistenza Pioneer di Milano, in attesa della data.',
      ),
      reply(
        '5m',
        'Abbiamo inviato la richiesta al centro assistenza autorizzato (apparecchio in garanzia): le comunichiamo la data appena disponibile.',
      ),
    ],
  },
  {
    at: workdaysAgo(2, '15:00'),
    channel: 'API',
    customer: 'santambrogio',
    queue: 'INTERVENTO TECNICO',
    category: 'Server e backup',
    requested: 2,
    subject: 'UPS del CED: test automatico della batteria fallito',
    placeAndWhat: 'Municipio, piano terra – locale CED, UPS APC Smart-UPS 1500',
    description:
      'Segnalazione automatica del sistema di monitoraggio.\n' +
      'Dispositivo: UPS del CED – test batteria settimanale FALLITO\n' +
      'Autonomia stimata: 3 minuti (valore abituale: 18 minuti)\n' +
      'Data di installazione della batteria: 4 anni fa.',
    steps: [
      take('40m', 'luca', 2),
      reply(
        '30m',
        'Buongiorno, la batteria dell\u2019UPS è a fine vita e va sostituita: la sostituzione è compresa nel contratto, ' +
          'la batteria no (180 € + IVA). Per procedere serve l\u2019ordine del Comune.',
      ),
      remind('5m', 'luca', 'Sollecitare all\u2019ufficio tecnico l\u2019ordine per la batteria dell\u2019UPS', {
        workdaysAhead: 1,
        at: '11:00',
      }),
    ],
  },
  {
    at: workdaysAgo(1, '09:10'),
    channel: 'PHONE',
    contact: 'valentina',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Localizzatore GPS',
    requested: 1,
    subject: 'Localizzatore dell\u2019auto per le guide non trasmette la posizione',
    placeAndWhat: 'Autoscuola di Lecco – Fiat 500 con doppi comandi (auto n. 3), localizzatore GPS',
    description:
      'Sull\u2019app di localizzazione l\u2019auto n. 3 risulta ferma in sede da due giorni, ma è stata usata regolarmente ' +
      'per le guide. Le altre due auto sono visibili. Nessuna spia accesa sul dispositivo (montato sotto il cruscotto).',
    call: { minutes: 4, missedBefore: '25m' },
    steps: [
      take('1m', 'sara', 1),
      reply(
        '2m',
        'Come spiegato al telefono, il pacchetto ore è scaduto: la verifica è a pagamento (55 € + IVA all\u2019ora). ' +
          'Ci faccia sapere se procedere e quando l\u2019auto è disponibile in sede.',
      ),
    ],
  },
  {
    at: workdaysAgo(1, '11:40'),
    channel: 'CHAT',
    contact: 'giorgio',
    createdBy: 'sara',
    queue: 'COMPUTER & TELEFONI',
    category: 'Smartphone e tablet',
    requested: 1,
    subject: 'Tablet della reception per il check-in degli ospiti',
    placeAndWhat: 'Hotel di Varenna, reception – tablet Samsung Galaxy Tab A9 nuovo',
    description:
      'Abbiamo acquistato un tablet per far compilare agli ospiti la scheda di registrazione al check-in. ' +
      'Chiediamo di configurarlo con l\u2019app del programma di prenotazione, in modalità che non permetta di usare altre app.',
    steps: [
      take('2m', 'sara', 1),
      reply('3m', QUOTE_ONE_HOUR),
      customerWrites(
        '20m',
        'Ok per il costo. Però i tablet sono diventati tre e vorremmo anche la firma digitale della scheda.',
      ),
      requestChanges(
        '15m',
        'La richiesta è cambiata rispetto all\u2019apertura: per tre tablet con firma grafometrica della scheda ' +
          'serve verificare che il programma di prenotazione la supporti. Ci indichi versione e licenza del ' +
          'programma, così aggiorniamo il preventivo.',
      ),
    ],
  },
  {
    at: workdaysAgo(1, '14:20'),
    channel: 'EMAIL',
    contact: 'fabio',
    queue: 'INTERVENTO TECNICO',
    category: 'Cablaggio e impianti',
    requested: 2,
    subject: 'Quattro nuovi punti rete nel magazzino spedizioni',
    placeAndWhat: 'Sede di Oggiono, magazzino spedizioni – area imballaggio lato banchine',
    description:
      'Nell\u2019area imballaggio del magazzino spedizioni servono 4 punti rete per i nuovi terminali di ' +
      'etichettatura, collegati allo switch del magazzino (armadio vicino alla porta 3).',
    steps: [
      take('30m', 'marco', 1),
      move('10m', 'REQUEST_SENT'),
      move('2h', 'IN_PROGRESS'),
      assign('1m', 'luca'),
      suspend(
        '1h',
        'Sospeso su richiesta di Fabio Redaelli: fino a lunedì il magazzino è occupato dall\u2019inventario. Riprendiamo la posa dopo.',
        'luca',
      ),
    ],
  },
  {
    at: workdaysAgo(1, '16:50'),
    channel: 'PHONE',
    contact: 'marta',
    queue: 'COMPUTER & TELEFONI',
    category: 'Telefoni VoIP',
    requested: 2,
    subject: 'Le chiamate in ingresso non squillano sul cordless dell\u2019officina',
    placeAndWhat: 'Officina di Calolziocorte – telefono cordless DECT dell\u2019officina',
    description:
      'Le chiamate al numero dell\u2019officina squillano in ufficio ma non sul cordless in officina, che indica ' +
      '«Ricerca base». Dal cordless non si riesce nemmeno a chiamare.',
    call: { minutes: 3 },
    steps: [
      take('1m', 'giulia', 2),
      reply(
        '2m',
        'Come anticipato al telefono, senza contratto di assistenza l\u2019intervento è a pagamento (55 € + IVA all\u2019ora).',
      ),
      cancel(
        '40m',
        'La signora Invernizzi ha richiamato: la base del cordless era staccata dalla presa di corrente, ricollegata ' +
          'funziona tutto. Nessun intervento necessario.',
        { by: 'giulia' },
      ),
    ],
  },
  {
    at: workdaysAgo(1, '17:55'),
    channel: 'PORTAL',
    contact: 'roberto',
    queue: 'SOFTWARE',
    category: 'Posta elettronica',
    requested: 0,
    subject: 'Configurare la posta dell\u2019officina sul nuovo smartphone',
    placeAndWhat: 'Officina di Calolziocorte – smartphone Android nuovo del titolare',
    description:
      'Ho cambiato telefono (Samsung Galaxy A55) e vorrei la posta dell\u2019officina anche sul nuovo, come sul ' +
      'vecchio. Non è urgente, va bene anche la settimana prossima.',
  },
  {
    at: workdaysAgo(1, '18:40'),
    channel: 'EMAIL',
    contact: 'valentina',
    queue: 'COMPUTER & TELEFONI',
    category: 'Smartphone e tablet',
    requested: 0,
    subject: 'Richiesta di preventivo: 6 tablet per le lezioni di teoria',
    placeAndWhat: 'Autoscuola di Lecco, aula di teoria',
    description:
      'Vorremmo un preventivo per 6 tablet da usare in aula per le schede quiz della patente, con custodia ' +
      'antiurto e la possibilità di bloccarli sull\u2019app dei quiz. Budget indicativo: 1.500 € complessivi.',
  },
  {
    at: ago('3h10m'),
    channel: 'PHONE',
    contact: 'davide',
    queue: 'SOFTWARE',
    category: 'Gestionale',
    requested: 2,
    subject: 'Stampa del modello F24 dal gestionale con i margini tagliati',
    placeAndWhat: 'Studio di Lecco, ufficio del dott. Sala – gestionale, stampa modelli F24',
    description:
      'Stampando il modello F24 dal gestionale, la parte destra del modulo (colonna degli importi a credito) ' +
      'esce tagliata. Le altre stampe sono corrette. Stampante: multifunzione del 2° piano.',
    call: { minutes: 8 },
    steps: [
      claim('1m', 'marco'),
      assess('10s', 2),
      done(
        '5m',
        'Risolto durante la telefonata: il driver della multifunzione era passato al formato Letter dopo un ' +
          'aggiornamento. Impostato A4 come predefinito sul PC del dott. Sala; F24 di prova stampato correttamente.',
      ),
    ],
  },
  {
    at: ago('1h40m'),
    channel: 'EMAIL',
    contact: 'anna',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Router 4G di bordo',
    requested: 2,
    subject: 'Camper CA-04: il router di bordo si riavvia in continuazione',
    placeAndWhat: 'Piazzale noleggio di Valmadrera – camper CA-04 (Rimor Evo), router 4G di bordo',
    description:
      'Il router 4G del camper CA-04 si riavvia ogni due o tre minuti (i LED si spengono e si riaccendono). ' +
      'Succede sia con il motore acceso sia collegato alla colonnina. Il camper parte domani alle 10:00.',
    steps: [
      take('10m', 'sara', 3),
      reply(
        '5m',
        'Buongiorno Anna, ci può mandare una foto dell\u2019alimentatore del router e dei LED mentre si riavvia? Così capiamo se è l\u2019alimentazione.',
      ),
    ],
  },
  {
    at: ago('52m'),
    channel: 'EMAIL',
    contact: 'laura',
    queue: 'INTERVENTO TECNICO',
    category: 'Stampanti e multifunzione',
    requested: 2,
    subject: 'La stampante dello sportello anagrafe stampa i certificati con righe nere',
    placeAndWhat: 'Municipio, piano terra – sportello anagrafe, stampante laser Lexmark MS621',
    description:
      'Da stamattina tutti i certificati stampati allo sportello hanno una riga nera verticale a circa 3 cm dal ' +
      'bordo sinistro. Succede anche con la pagina di prova della stampante. Abbiamo un\u2019altra stampante in ' +
      'ufficio, ma lo sportello deve usare questa per i certificati.',
  },
  {
    at: ago('38m'),
    channel: 'PORTAL',
    contact: 'elena',
    queue: 'COMPUTER & TELEFONI',
    category: 'Periferiche e monitor',
    requested: 2,
    subject: 'Lo scanner della multifunzione non salva più nella cartella di rete',
    placeAndWhat: 'Studio di Lecco, 1° piano – multifunzione Ricoh IM C3000, scansione verso cartella',
    description:
      'Scansionando verso la cartella «Scansioni» la multifunzione mostra «Errore di connessione al server ' +
      '(SMB)». La scansione verso email funziona. Da ieri il server dello studio è stato riavviato per gli aggiornamenti.',
  },
  {
    at: ago('21m'),
    channel: 'API',
    customer: 'lariocamper',
    queue: 'AUTOVETTURA & CAMPER',
    category: 'Impianto elettrico e batterie',
    requested: 3,
    subject: 'Camper CA-02: batteria servizi sotto 11,5 V',
    placeAndWhat: 'Camper CA-02 (Laika Kosmo) a noleggio – batteria servizi',
    description:
      'Segnalazione automatica della piattaforma di gestione flotta.\n' +
      'Veicolo: CA-02 – batteria servizi 11,4 V (soglia di allarme 11,5 V), in calo da 6 ore\n' +
      'Pannello solare: nessuna carica registrata oggi\n' +
      'Il camper è a noleggio: i clienti rischiano di restare senza frigorifero e luci.',
  },
  {
    at: ago('7m'),
    channel: 'CHAT',
    contact: 'fabio',
    queue: 'COMPUTER & TELEFONI',
    category: 'PC fissi e portatili',
    requested: 3,
    subject: 'VPN dal portatile del commerciale: errore 809',
    placeAndWhat: 'Portatile del commerciale (Lenovo ThinkPad T14), connessione VPN verso la sede di Oggiono',
    description:
      'Il commerciale è da un cliente e non riesce a collegarsi alla VPN: Windows mostra «Impossibile stabilire ' +
      'la connessione di rete tra il computer e il server VPN (errore 809)». Dalla rete di casa ieri funzionava. ' +
      'Ha bisogno del listino sul server entro le 15:00.',
  },
];

// ---------------------------------------------------------------------------------------------
// Phone calls that are not part of a story
// ---------------------------------------------------------------------------------------------

export interface PastCallSeed {
  at: { workdaysAgo: number; at: string };
  direction: 'INBOUND' | 'OUTBOUND';
  status: 'ENDED' | 'MISSED';
  /** A contact key, or a number nobody in the address book has. */
  from: { contact: string } | { number: string };
  operator?: StaffKey;
  minutes?: number;
}

export const DEMO_PAST_CALLS: PastCallSeed[] = [
  {
    at: { workdaysAgo: 3, at: '12:05' },
    direction: 'INBOUND',
    status: 'ENDED',
    from: { contact: 'davide' },
    operator: 'marco',
    minutes: 3,
  },
  { at: { workdaysAgo: 1, at: '12:40' }, direction: 'INBOUND', status: 'MISSED', from: { number: '+39 333 5187642' } },
  { at: { workdaysAgo: 1, at: '13:02' }, direction: 'INBOUND', status: 'MISSED', from: { contact: 'chiara' } },
  {
    at: { workdaysAgo: 1, at: '13:20' },
    direction: 'OUTBOUND',
    status: 'ENDED',
    from: { contact: 'chiara' },
    operator: 'sara',
    minutes: 2,
  },
];

/** What the live wallboard shows: calls under way at the moment of seeding. */
export interface LiveCallSeed {
  status: 'RINGING' | 'ACTIVE';
  contact?: string;
  number?: string;
  /** How long ago the phone started ringing. */
  startedAgo: string;
  /** ACTIVE only: who answered, and how long ago. */
  operator?: StaffKey;
  answeredAgo?: string;
  /** The story key of the ticket the operator linked to the call. */
  ticket?: string;
}

export const DEMO_LIVE_CALLS: LiveCallSeed[] = [
  {
    status: 'ACTIVE',
    contact: 'simone',
    startedAgo: '4m30s',
    operator: 'giulia',
    answeredAgo: '4m20s',
    ticket: 'camper-gps-ca07',
  },
  { status: 'ACTIVE', contact: 'giorgio', startedAgo: '2m10s', operator: 'marco', answeredAgo: '2m' },
  { status: 'RINGING', contact: 'laura', startedAgo: '20s' },
];
