import type { attentionEn } from './attention.en';

export const attentionNb: { readonly [K in keyof typeof attentionEn]: string } = {
  'attention.notSent': 'Ikke sendt ennå: {problem} · nytt forsøk {at}',
  'attention.notSentNoRetry': 'Ikke sendt ennå: {problem}',
  'attention.sendProblem.network': 'får ikke kontakt med signeringstjenesten',
  'attention.sendProblem.timeout': 'signeringstjenesten svarte ikke i tide',
  'attention.sendProblem.tls': 'ingen sikker forbindelse til signeringstjenesten',
  'attention.sendProblem.server': 'signeringstjenesten har en feil på sin side',
  'attention.sendProblem.busy': 'signeringstjenesten ba oss vente',
  'attention.sendProblem.unreadable': 'signeringstjenesten ga et svar Signing Desk ikke kunne lese',
  'attention.sendProblem.unknown': 'forrige forsøk mislyktes',
  'attention.outcomeUnknown': 'Sendingen ble avbrutt: sjekk om tjenesten tok imot oppdraget',
  'attention.rejected': 'Signeringstjenesten avviste oppdraget',
  'attention.failed': 'Stoppet før alle hadde signert',
  'attention.notFiled': 'Signert, men ikke lagret: {problem}',
  'attention.folderNamed': 'lagringsmappen {path}',
  'attention.folderUnnamed': 'lagringsmappen',
  'attention.filingProblem.folder-missing': '{folder} finnes ikke',
  'attention.filingProblem.not-a-folder': '{folder} er en fil, ikke en mappe',
  'attention.filingProblem.no-permission': 'mangler tillatelse til å skrive i {folder}',
  'attention.filingProblem.disk-full': 'disken til {folder} er full',
  'attention.filingProblem.read-only': '{folder} er skrivebeskyttet',
  'attention.filingProblem.other': 'kopieringen til {folder} mislyktes',
  'attention.details': 'Detaljer',

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
  'jobPage.filing.stillFailing': 'Fortsatt ikke lagret: {problem}',

  'accountForm.createFolder.title': 'Opprette mappen?',
  'accountForm.createFolder.body': 'Mappen {folder} finnes ikke. Vil du opprette den?',
  'accountForm.createFolder.action': 'Opprett mappe',
  'accountForm.createFolder.cancel': 'Avbryt',
  'accountForm.error.saveFolderParent':
    'Mappen {folder} finnes ikke, og det gjør heller ikke mappen den skulle ligge i. Ligger den på en nettverksstasjon eller en USB-disk, kobler du til den først.',
  'accountForm.error.saveFolderRelative': 'Skriv hele stien til mappen, for eksempel /home/kari/Signert eller C:\\Signert.',
  'accountForm.error.saveFolderNotAFolder': '{folder} er en fil, ikke en mappe.',
  'accountForm.error.saveFolderCannotCreate': 'Signing Desk fikk ikke opprettet {folder}. Sjekk at du har lov til å skrive i mappen den skal ligge i.',

  'event.filingFailed': 'Kunne ikke lagre {file}: {problem}',

  'notify.notFiled': 'Et signert dokument kunne ikke lagres',
};
