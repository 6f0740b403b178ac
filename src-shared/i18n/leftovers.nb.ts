import type { leftoversEn } from './leftovers.en';

/** Norsk bokmål for mindre rettelser som ikke hører til et større område (demotjenestens port). */
export const leftoversNb: { readonly [K in keyof typeof leftoversEn]: string } = {
  'demo.portTaken':
    'Demotjenesten kan ikke starte: adressen {address}, som demokontoen bruker, er opptatt av et annet program. Stopp det programmet og prøv igjen.',
};
