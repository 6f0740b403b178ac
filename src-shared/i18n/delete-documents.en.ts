/** English texts for deleting a job's documents at the service (UI, core and CLI); merged in messages.en.ts. */
export const deleteDocumentsEn = {
  'deleteDocuments.possibleFrom': 'Deleting the documents at the service is possible from {time}, 24 hours after everyone signed.',
  'deleteDocuments.notCompleted': 'The documents can only be deleted at the service once everyone has signed.',
  'deleteDocuments.notOffered': 'The service does not offer deleting the documents of this job.',
  'deleteDocuments.alreadyDeleted': 'The documents of this job have already been deleted at the service.',
  'deleteDocuments.refused': 'The service did not delete the documents this time. Try again later; your saved copies are not affected.',
  'deleteDocuments.unreachable': 'Could not reach the service, so the documents were not deleted. Try again later.',
} as const;
