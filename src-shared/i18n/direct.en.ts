/** English texts of the two ways of signing (portal, direct) in compose, the job list and the job page. */
export const directEn = {
  // Compose: the choice at the top.
  'direct.flow.legend': 'How do the signers sign?',
  'direct.flow.portal': 'Signers are notified and sign in Posten’s portal',
  'direct.flow.direct': 'Signers sign right now in a browser, here or by a link you give them',
  // The rules of each way, listed under its title from the flow's declared rules.
  'direct.rule.maxSigners': 'up to {max} signers',
  'direct.rule.ordered': 'in steps, one after another',
  'direct.rule.unordered': 'all at once, in any order',
  'direct.rule.notified': 'notified by e-mail or SMS',
  'direct.rule.notNotified': 'no e-mail or SMS: you hand out the links',
  'direct.rule.deadline': 'a deadline of your choice',
  'direct.rule.lifetime': 'open for {duration}',
  'direct.rule.cancellable': 'can be cancelled',
  'direct.rule.notCancellable': 'cannot be cancelled',

  // Compose: signers of a direct job.
  'direct.signers.title': 'Signers',
  'direct.signers.description':
    'Everyone signs at once, in any order. Once the job is sent, its page gives you a link for each signer: open it on this PC, copy it, or show it as a QR code for a phone.',
  'direct.signers.identify.custom': 'Your own identifier',
  'direct.signers.customIdentifier': 'Identifier',
  'direct.signers.customIdentifierHint': 'Anything that tells this signer apart in the job, such as a customer number. No two signers may have the same.',
  'direct.signers.ninHint': '11 digits. Only the person with this number can sign. Hidden when you leave the field.',
  'direct.error.identityMissing': 'Give a national identity number or an identifier of your own.',
  'direct.error.identityBoth': 'Give a national identity number or an identifier, not both.',
  'direct.error.atMost': 'At most {count}.',
  'direct.error.sameSigner': 'Two signers have the same national identity number or identifier. Each signer must be a different person.',

  // Compose: texts and options that differ for a direct job.
  'direct.texts.titleHint': 'Shown to the signers on the signing page.',
  'direct.texts.descriptionHint': 'Shown with the documents on the signing page.',
  'direct.texts.referenceHint': 'For your own filing, such as a case number. No personal data.',
  'direct.options.lifetime': 'A job signed in a browser is open for {duration} from when it is sent. It has no deadline to set and cannot be sent later.',
  'direct.review.when': 'Everyone signs at once, in any order, at links you hand out, until about {time}:',
  'direct.review.byNin': 'by national identity number',
  'direct.review.byIdentifier': 'by your identifier “{identifier}”',

  // The job list and the job page: which way a job is signed.
  'direct.flowLabel': 'Way of signing',
  'direct.flowName.portal': 'Portal',
  'direct.flowName.direct': 'Direct',
  'direct.flowName.restpki': 'Rest PKI',
  'direct.flowName.trident': 'TRIDENT',
  'direct.flowFact.portal': 'Portal: the service notifies signers',
  'direct.flowFact.direct': 'Direct: in a browser, by links',

  // The job page: one signer's ways to sign now.
  'direct.job.actions': 'Ways for {who} to sign',
  'direct.job.signHere': 'Sign on this PC',
  'direct.job.signHereNamed': 'Sign on this PC as {who}',
  'direct.job.copyLink': 'Copy link',
  'direct.job.copyLinkNamed': 'Copy link for {who}',
  'direct.job.showQr': 'Show QR code',
  'direct.job.showQrNamed': 'Show QR code for {who} to sign on a phone',
  'direct.job.linksNote': 'Each link works once and for one signer only. Every button makes a new one.',
  'direct.job.opened': 'The signing page for {who} opened in your browser. The browser comes back here when they are done.',
  'direct.job.copied': 'A signing link for {who} is on the clipboard. It works once, and only for {who}: give it to them and no one else.',
  'direct.job.copyFailed': 'The link could not be put on the clipboard. Use Show QR code, which shows the link too.',
  'direct.job.linkFailed': 'No signing link for {who}:',
  'direct.job.gettingLink': 'Getting a link…',

  // The QR code dialog.
  'direct.qr.title': 'Sign on a phone: {who}',
  'direct.qr.body': 'Scan the code with the phone’s camera to open the signing page.',
  'direct.qr.once': 'The link works once, and only for {who}. Closing this and showing the code again makes a new one.',
  'direct.qr.image': 'QR code of the signing link for {who}',
  'direct.qr.link': 'The link',
  'direct.qr.close': 'Close',

  // The job page: a signer came back from the signing page; Posten has not confirmed anything yet.
  'direct.return.completion': 'A signer came back from the signing page, done with signing. Waiting for Posten to confirm it.',
  'direct.return.rejection': 'A signer came back from the signing page having declined to sign. Waiting for Posten to confirm it.',
  'direct.return.error': 'A signer came back from the signing page after an error there. Waiting for Posten to say what happened.',
  'direct.return.at': 'Came back: {time}. Nothing on this job changes until Posten confirms it.',
};
