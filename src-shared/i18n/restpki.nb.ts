import type { restPkiEn } from './restpki.en';

export const restPkiNb: { readonly [K in keyof typeof restPkiEn]: string } = {
  'failure.restpki.apiKeyRejected': 'Rest PKI Core godtok ikke API-nøkkelen til kontoen. Den kan være feilskrevet, utløpt eller trukket tilbake: oppgi nøkkelen på nytt i kontoen.',
  'failure.restpki.notPermitted': 'Applikasjonen API-nøkkelen hører til, har ikke lov til dette hos Rest PKI Core. Den trenger minst rollen Operator.',
  'failure.restpki.documentNotFound': 'Rest PKI Core har ikke lenger dette dokumentet.',
  'failure.restpki.securityContextNotFound': 'Rest PKI Core kjenner ikke sikkerhetskonteksten til kontoen. Kontroller den i kontoinnstillingene.',
  'failure.restpki.sessionNotFound': 'Rest PKI Core kjenner ikke denne signeringsøkten.',
  'failure.restpki.badSessionOperation': 'Rest PKI Core kan ikke gjøre det med signeringsøkten slik den er nå.',
  'failure.restpki.backgroundProcessing': 'Rest PKI Core behandler fortsatt de signerte dokumentene.',
  'failure.restpki.sessionTokenRequired': 'Signeringssiden ble åpnet uten tilgangsnøkkelen sin.',
  'failure.restpki.badSessionToken': 'Signeringslenken er ikke gyldig.',
  'failure.restpki.expiredSessionToken': 'Signeringslenken er utløpt. Hver lenke virker i omtrent 4 timer.',
  'failure.restpki.pdfaNotAvailable': 'Konvertering til PDF/A er ikke satt opp hos denne Rest PKI Core-instansen.',
  'failure.restpki.processingError': 'Rest PKI Core klarte ikke å fullføre behandlingen av de signerte dokumentene, for eksempel fordi sertifikatet til den som signerte, ble trukket tilbake i mellomtiden.',
  'failure.restpki.signedFileExpired': 'Den signerte filen ble bare oppbevart hos Rest PKI Core til {time}, og den ble ikke lastet ned i tide.',
  'failure.restpki.settingNotForService': 'Denne typen konto har ingen slik innstilling: en Posten-konto logger inn med virksomhetssertifikatet, en Rest PKI Core-konto med API-nøkkelen.',
  'restpki.connectionTest.keyAccepted': 'Tilkoblet: Rest PKI Core godtok API-nøkkelen.',
  'direct.flow.restpki': 'Hver signatar signerer med sitt eget sertifikat i en nettleser, den ene etter den andre',
  'direct.flowFact.restpki': 'Rest PKI: hver signatar med eget sertifikat, i rekkefølge',
  'signerStatus.restpki.Processing': 'Signert; Rest PKI Core behandler dokumentene',
  'signerStatus.restpki.UserCancelled': 'Avbrutt på signeringssiden',
  'signerStatus.restpki.ProcessingError': 'Signert, men dokumentene kunne ikke behandles',
};
