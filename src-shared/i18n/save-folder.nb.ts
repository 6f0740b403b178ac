import type { saveFolderEn } from './save-folder.en';

/** Norwegian texts of saving signed files by hand; merged in messages.nb.ts. */
export const saveFolderNb: Record<keyof typeof saveFolderEn, string> = {
  'saveFolder.choices': 'Foreslåtte mapper',
  'saveFolder.accountFolder': 'Mappen til kontoen {account}',
  'saveFolder.recent': 'Brukt nylig',
  'saveFolder.checking': 'Sjekker mappen …',
  'saveFolder.state.exists': 'Filene lagres i denne mappen.',
  'saveFolder.state.can-create': 'Denne mappen finnes ikke ennå. Signing Desk kan opprette den i {parent}.',
  'saveFolder.state.missing': 'Verken denne mappen eller mappen den skulle ligge i, finnes. Se etter skrivefeil i stien.',
  'saveFolder.state.not-a-folder': 'Dette er en fil, ikke en mappe.',
  'saveFolder.state.not-writable': 'Signing Desk har ikke lov til å skrive her. Velg en annen mappe.',
  'saveFolder.state.not-absolute': 'Skriv hele stien, fra / (eller fra en stasjonsbokstav som C:\\ på Windows).',
  'saveFolder.create': 'Opprett denne mappen',
  'saveFolder.created': 'Mappen er opprettet. Filene lagres i den.',
  'saveFolder.createFirst': 'Opprett mappen først, eller velg en annen.',
  'saveFolder.createFailed': 'Mappen kunne ikke opprettes.',
  'saveFolder.saveFailed': 'De signerte filene kunne ikke lagres i {folder}.',
  'saveFolder.details': 'Detaljer',
};
