import type { deleteDocumentsEn } from './delete-documents.en';

export const deleteDocumentsNb: { readonly [K in keyof typeof deleteDocumentsEn]: string } = {
  'deleteDocuments.possibleFrom': 'Dokumentene kan slettes hos tjenesten fra {time}, 24 timer etter at alle signerte.',
  'deleteDocuments.notCompleted': 'Dokumentene kan først slettes hos tjenesten når alle har signert.',
  'deleteDocuments.notOffered': 'Tjenesten tilbyr ikke sletting av dokumentene i dette oppdraget.',
  'deleteDocuments.alreadyDeleted': 'Dokumentene i dette oppdraget er allerede slettet hos tjenesten.',
  'deleteDocuments.refused': 'Tjenesten slettet ikke dokumentene denne gangen. Prøv igjen senere; kopiene du har lagret, berøres ikke.',
  'deleteDocuments.unreachable': 'Fikk ikke kontakt med tjenesten, så dokumentene ble ikke slettet. Prøv igjen senere.',
};
