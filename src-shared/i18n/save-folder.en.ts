/** English texts of saving signed files by hand (the web host's folder dialog); merged in messages.en.ts. */
export const saveFolderEn = {
  'saveFolder.choices': 'Suggested folders',
  'saveFolder.accountFolder': 'Folder of the account {account}',
  'saveFolder.recent': 'Used recently',
  'saveFolder.checking': 'Checking the folder…',
  'saveFolder.state.exists': 'The files will be saved in this folder.',
  'saveFolder.state.can-create': 'This folder does not exist yet. Signing Desk can create it in {parent}.',
  'saveFolder.state.missing': 'Neither this folder nor the folder it would go in exists. Check the path for a typo.',
  'saveFolder.state.not-a-folder': 'This is a file, not a folder.',
  'saveFolder.state.not-writable': 'Signing Desk may not write here. Choose another folder.',
  'saveFolder.state.not-absolute': 'Give the whole path, from / (or from a drive letter such as C:\\ on Windows).',
  'saveFolder.create': 'Create this folder',
  'saveFolder.created': 'Created the folder. The files will be saved in it.',
  'saveFolder.createFirst': 'Create the folder first, or choose another one.',
  'saveFolder.createFailed': 'The folder could not be created.',
  'saveFolder.saveFailed': 'The signed files could not be saved to {folder}.',
  'saveFolder.details': 'Details',
} as const;
