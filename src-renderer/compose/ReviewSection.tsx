import { formatDateTime, type Language, type Translate } from '../../src-shared/i18n';
import { flowRules, postenLimits } from '../../src-shared/domain';
import { useLanguage, useT } from '../app/store-context';
import { groupBySteps, localDateTime, normalizeSteps, type ComposeForm, type ComposeSigner } from './model';
import { signerName } from './SignersSection';
import { TridentReview } from './TridentSections';
import { RestPkiReview } from './RestPkiSections';

function channelText(t: Translate, signer: ComposeSigner): string {
  switch (signer.notify) {
    case 'email':
      return t('compose.review.byEmail');
    case 'sms':
      return t('compose.review.bySms');
    case 'both':
      return t('compose.review.byBoth');
    default:
      return t('compose.review.byRegister');
  }
}

function durationText(t: Translate, seconds: number): string {
  const days = seconds / 86400;
  if (days >= 1) {
    return t.plural('count.days', Math.round(days * 10) / 10);
  }
  return t.plural('count.hours', Math.max(1, Math.round(seconds / 3600)));
}

/** Who gets what when, step by step, in plain words: the last look before sending. */
export function ReviewSummary({ form, now }: { form: ComposeForm; now: Date }) {
  const t = useT();
  const language: Language = useLanguage();
  const signers = normalizeSteps(form.signers);
  const groups = groupBySteps(signers);
  const activation = localDateTime(form.activation);
  const start = activation ?? now;
  const deadline = localDateTime(form.deadline);
  const seconds = deadline ? (deadline.getTime() - start.getTime()) / 1000 : postenLimits.defaultAvailableSeconds;
  const firstDeadline = new Date(start.getTime() + seconds * 1000).toISOString();
  const documents = form.documents.map((d) => d.title || d.fileName);
  const lifetime = flowRules[form.flow].fixedLifetimeSeconds;

  return (
    <div className="cmp-review">
      <p className="cmp-review__line">
        <strong>{form.title.trim() || t('compose.review.untitled')}</strong>
        {form.reference.trim() && <span className="muted"> · {t('compose.review.reference', { reference: form.reference.trim() })}</span>}
      </p>
      <p className="cmp-review__line">
        {documents.length === 0 ? t('compose.review.noDocuments') : t('compose.review.documents', { documents: t.plural('count.documents', documents.length), names: documents.join(', ') })}
      </p>
      {form.flow === 'trident' ? (
        <TridentReview form={form} signers={signers} />
      ) : form.flow === 'restpki' ? (
        <RestPkiReview signers={signers} now={now} />
      ) : form.flow === 'direct' ? (
        <DirectReview signers={signers} until={new Date(now.getTime() + (lifetime ?? 0) * 1000).toISOString()} />
      ) : (
        <ol className="cmp-review__steps">
          {groups.map((group, index) => {
            const step = index + 1;
            const when =
              step === 1
                ? activation
                  ? t('compose.review.startsAt', { time: formatDateTime(language, activation.toISOString()) })
                  : t('compose.review.startsNow')
                : t('compose.review.startsAfter', { step: step - 1 });
            const until = step === 1 ? t('compose.review.until', { time: formatDateTime(language, firstDeadline) }) : t('compose.review.within', { duration: durationText(t, seconds) });
            return (
              <li key={step} className="cmp-review__step">
                <span className="cmp-review__badge">{t('compose.signers.step', { step })}</span>
                <div>
                  <p>
                    {when} {until}
                  </p>
                  <ul className="cmp-review__signers">
                    {group.map((signer) => (
                      <li key={signer.key}>
                        <span className="cmp-review__who">{signerName(t, signer, signers.indexOf(signer) + 1)}</span> – {channelText(t, signer)}
                      </li>
                    ))}
                  </ul>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/** A direct job's signers: all at once, each named to the service by number or by the sender's identifier. */
function DirectReview({ signers, until }: { signers: ComposeSigner[]; until: string }) {
  const t = useT();
  const language = useLanguage();
  return (
    <div className="cmp-review__step">
      <div>
        <p>{t('direct.review.when', { time: formatDateTime(language, until) })}</p>
        <ul className="cmp-review__signers">
          {signers.map((signer, index) => (
            <li key={signer.key}>
              <span className="cmp-review__who">{signerName(t, signer, index + 1)}</span> –{' '}
              {signer.identifyBy === 'custom' ? t('direct.review.byIdentifier', { identifier: signer.customIdentifier.trim() }) : t('direct.review.byNin')}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
