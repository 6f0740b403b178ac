import type { returnsEn } from './returns.en';

export const returnsNb: Record<keyof typeof returnsEn, string> = {
  'returnPage.completion.title': 'Ferdig',
  'returnPage.completion.body': 'Takk. Du kan lukke denne fanen. Avsenderen får beskjed så snart signeringstjenesten har bekreftet signaturen.',
  'returnPage.rejection.title': 'Du avslo å signere',
  'returnPage.rejection.body': 'Ingenting ble signert. Du kan lukke denne fanen.',
  'returnPage.error.title': 'Signeringen ble ikke fullført',
  'returnPage.error.body': 'Noe gikk galt under signeringen. Du kan lukke denne fanen. Avsenderen kan gi deg en ny lenke.',
  'returnPage.unknown.title': 'Denne lenken er ukjent',
  'returnPage.unknown.body': 'Denne adressen hører ikke til noen signering her. Du kan lukke denne fanen.',
  'event.signerReturnedCompletion': 'En undertegner kom tilbake fra signeringen, ferdig. Venter på bekreftelse fra signeringstjenesten.',
  'event.signerReturnedRejection': 'En undertegner kom tilbake fra signeringen og avslo. Venter på bekreftelse fra signeringstjenesten.',
  'event.signerReturnedError': 'En undertegner kom tilbake fra signeringen med en feil. Venter på mer fra signeringstjenesten.',
  'event.signingLinks.one': 'En signeringslenke ble delt ut',
  'event.signingLinks.other': '{count} signeringslenker ble delt ut',
};
