/** English texts of sync problems the administrator must see; merged into the catalogue in messages.en.ts. */
export const syncEn = {
  'notify.outcomeUnknown': 'Unknown whether the service received a job',
  'notify.downloadRefused': 'A signed file was not filed',

  'sync.problem.outcome-unknown-interrupted': 'Signing Desk stopped while this job was being sent, so it is unknown whether the service received it.',
  'sync.problem.outcome-unknown-no-answer':
    'The whole job was sent, but the connection closed before the service answered. The service may have received it.',
  'sync.problem.outcome-unknown-unreadable-answer':
    'The service accepted something, but its answer could not be read. The job most likely exists at the service.',
  'sync.problem.outcome-unknown-gateway-error':
    'Something between Signing Desk and the service answered with an error page. The service may still have received the job.',
  // Short, for the job list row and the command line's Attention (the job's attention is 'sync-problem').
  'attention.syncProblem.outcome-unknown': 'Unknown whether the service received the job',
  'attention.syncProblem.download-not-verified': 'A signed file did not pass verification and was not saved',
  'attention.syncProblem.download-link-refused': 'A link to a signed file led outside the service and was not followed',
  'attention.syncProblem.download-too-large': 'A signed file was too large and was not kept',
  'sync.outcomeUnknown.reference': 'Reference sent with the job: {reference}',
  'sync.outcomeUnknown.settles':
    'Signing Desk does not send it again by itself. If the service has the job, its next status change carries this reference and the job continues on its own. If you know it did not arrive, send it again.',

  'sync.retryRisk.title': 'Send the job again?',
  'sync.retryRisk.body':
    'It is unknown whether the service received “{title}”. If it did, sending it again makes a second job, and the signers are asked to sign twice. Check the service first if you can.',
  'sync.retryRisk.action': 'Send again anyway',
  'sync.retryRisk.keep': 'Do not send',
  'sync.retryExplained': 'Sending did not go through. Sending again puts the job back in the outbox.',

  'sync.unmatched.title': 'Status changes for jobs Signing Desk does not know',
  'sync.unmatched.intro':
    'The service delivered these on this installation’s queue, but no job here matches them. They are kept and not confirmed, so nothing is lost. Dismiss one when you know it is not yours: the service then stops sending it.',
  'sync.unmatched.job': 'Job {serviceJobId} at the service: {status}',
  'sync.unmatched.reference': 'Reference: {reference}',
  'sync.unmatched.seen': 'First seen {first}, last seen {last} ({count} times)',
  'sync.unmatched.dismiss': 'Dismiss',
  'sync.unmatched.dismissNamed': 'Dismiss the change for job {serviceJobId}',
  'sync.unmatched.dismissed': 'Dismissed. The service has been told.',

  'sync.pollWarning':
    'The service asked Signing Desk not to check for news until {until}, which is {hours} hours ahead of its own clock. Signing Desk checks again at {at} instead. If this stays, the service’s clock may be wrong.',

  'event.outcomeUnknownAnswerLost': 'Sent, but no usable answer came back; unknown whether the service received the job',
  'event.reconciled': 'The service has the job after all: its status change carried this job’s reference',
  'event.staleStatusChange': 'An older status change ({status}) arrived late and was ignored',
  'event.downloadRefused': 'The {file} was not filed. {reason}',
} as const;
