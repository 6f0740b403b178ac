import type { webHostEn } from './web-host.en';

export const webHostNb: { readonly [K in keyof typeof webHostEn]: string } = {
  'webHost.running': 'Signing Desk kjører på {address}',
  'webHost.dataFolder': 'Datamappe: {folder}',
  'webHost.openAddress': 'Åpne adressen over i en nettleser.',
  'webHost.openLaunchPage':
    'Åpne {page} i en nettleser for å komme inn. Den siden har nøkkelen til denne økten, så bare du kan lese den, og den slettes når et vindu har åpnet appen. Selve nøkkelen skrives aldri ut her, siden denne utskriften kan bli lagret i en logg.',
  'webHost.noDisplay': 'Fant ingen skjerm, så det åpnes ikke noe vindu.',
  'webHost.noChromium': 'Fant ikke Chromium, så det åpnes ikke noe vindu.',
  'webHost.chromiumFailed': 'Kunne ikke åpne Chromium.',
  'webHost.couldNotStart': 'Signing Desk kunne ikke starte: {reason}',
};
