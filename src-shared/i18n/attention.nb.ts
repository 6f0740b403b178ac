import type { attentionEn } from './attention.en';

export const attentionNb: { readonly [K in keyof typeof attentionEn]: string } = {
  'attention.notSent': 'Ikke sendt ennå. {problem} Nytt forsøk {at}.',
  'attention.notSentNoRetry': 'Ikke sendt ennå. {problem}',
  'attention.lastAttemptFailed': 'Forrige forsøk mislyktes.',
  'attention.outcomeUnknown': 'Sendingen ble avbrutt: sjekk om tjenesten tok imot oppdraget',
  'attention.rejected': 'Signeringstjenesten avviste oppdraget',
  'attention.failed': 'Stoppet før alle hadde signert',
  'attention.notFiled': 'Signert, men ikke lagret. {problem}',
  'attention.inFolder': 'Lagringsmappen {folder}: {problem}',

  'serviceProblem.network': 'Får ikke kontakt med {service} siden {since}',
  'serviceProblem.timeout': '{service} har ikke svart i tide siden {since}',
  'serviceProblem.tls': 'Ingen sikker forbindelse til {service} siden {since}',
  'serviceProblem.server': '{service} har hatt feil på sin side siden {since}',
  'serviceProblem.busy': '{service} har bedt oss vente siden {since}',
  'serviceProblem.unreadable': '{service} har gitt svar Signing Desk ikke kan lese siden {since}',

  'jobPage.filing.kept': 'De signerte filene er trygt lagret i Signing Desks eget arkiv. Når mappen er tilbake, velger du Prøv igjen. Signing Desk prøver også igjen selv innimellom.',
  'jobPage.filing.retry': 'Prøv igjen',
  'jobPage.filing.retrying': 'Lagrer …',
  'jobPage.filing.done': 'De signerte filene er lagret i lagringsmappen.',
  'jobPage.filing.stillFailing': 'Fortsatt ikke lagret. {problem}',

  'accountForm.createFolder.title': 'Opprette mappen?',
  'accountForm.createFolder.body': 'Mappen {folder} finnes ikke. Vil du opprette den?',
  'accountForm.createFolder.action': 'Opprett mappe',
  'accountForm.createFolder.cancel': 'Avbryt',

  'event.filingFailed': 'Kunne ikke lagre {file}. {problem}',

  'notify.notFiled': 'Et signert dokument kunne ikke lagres',
};
