import type { syncEn } from './sync.en';

export const syncNb: { readonly [K in keyof typeof syncEn]: string } = {
  'notify.outcomeUnknown': 'Uvisst om tjenesten mottok et oppdrag',
  'notify.downloadRefused': 'En signert fil ble ikke arkivert',

  'sync.problem.outcome-unknown-interrupted': 'Signing Desk stoppet mens oppdraget ble sendt, så det er uvisst om tjenesten mottok det.',
  'sync.problem.outcome-unknown-no-answer':
    'Hele oppdraget ble sendt, men forbindelsen ble brutt før tjenesten svarte. Tjenesten kan ha mottatt det.',
  'sync.problem.outcome-unknown-unreadable-answer':
    'Tjenesten godtok noe, men svaret kunne ikke leses. Oppdraget finnes mest sannsynlig hos tjenesten.',
  'sync.problem.outcome-unknown-gateway-error':
    'Noe mellom Signing Desk og tjenesten svarte med en feilside. Tjenesten kan likevel ha mottatt oppdraget.',
  'attention.syncProblem.outcome-unknown': 'Uvisst om tjenesten mottok oppdraget',
  'attention.syncProblem.download-not-verified': 'En signert fil besto ikke kontrollen og ble ikke lagret',
  'attention.syncProblem.download-link-refused': 'En lenke til en signert fil pekte ut av tjenesten og ble ikke fulgt',
  'attention.syncProblem.download-too-large': 'En signert fil var for stor og ble ikke tatt vare på',
  'sync.outcomeUnknown.reference': 'Referanse sendt med oppdraget: {reference}',
  'sync.outcomeUnknown.settles':
    'Signing Desk sender det ikke på nytt av seg selv. Har tjenesten oppdraget, har neste statusendring denne referansen, og oppdraget fortsetter av seg selv. Vet du at det ikke kom fram, send det på nytt.',

  'sync.retryRisk.title': 'Sende oppdraget på nytt?',
  'sync.retryRisk.body':
    'Det er uvisst om tjenesten mottok «{title}». Gjorde den det, blir det to oppdrag om du sender på nytt, og undertegnerne blir bedt om å signere to ganger. Sjekk hos tjenesten først om du kan.',
  'sync.retryRisk.action': 'Send på nytt likevel',
  'sync.retryRisk.keep': 'Ikke send',
  'sync.retryExplained': 'Sendingen gikk ikke gjennom. Send på nytt legger oppdraget tilbake i utboksen.',

  'sync.unmatched.title': 'Statusendringer for oppdrag Signing Desk ikke kjenner',
  'sync.unmatched.intro':
    'Tjenesten leverte disse i køen til denne installasjonen, men ingen oppdrag her passer. De tas vare på og bekreftes ikke, så ingenting går tapt. Avvis en når du vet at den ikke er din: da slutter tjenesten å sende den.',
  'sync.unmatched.job': 'Oppdrag {serviceJobId} hos tjenesten: {status}',
  'sync.unmatched.reference': 'Referanse: {reference}',
  'sync.unmatched.seen': 'Først sett {first}, sist sett {last} ({count} ganger)',
  'sync.unmatched.dismiss': 'Avvis',
  'sync.unmatched.dismissNamed': 'Avvis endringen for oppdrag {serviceJobId}',
  'sync.unmatched.dismissed': 'Avvist. Tjenesten har fått beskjed.',

  'sync.pollWarning':
    'Tjenesten ba Signing Desk vente med å se etter nytt til {until}, som er {hours} timer foran tjenestens egen klokke. Signing Desk ser etter igjen {at} i stedet. Vedvarer dette, kan klokken hos tjenesten gå feil.',

  'event.outcomeUnknownAnswerLost': 'Sendt, men uten brukbart svar; uvisst om tjenesten mottok oppdraget',
  'event.reconciled': 'Tjenesten har oppdraget likevel: statusendringen hadde referansen til dette oppdraget',
  'event.staleStatusChange': 'En eldre statusendring ({status}) kom for sent og ble ikke brukt',
  'event.downloadRefused': '{file} ble ikke lagret. {reason}',
} as const;
