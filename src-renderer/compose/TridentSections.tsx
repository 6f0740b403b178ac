import { flowRules, labelProblem, tridentLimits } from '../../src-shared/domain';
import { labelSetsText } from '../../src-shared/i18n/trident-words';
import { useT } from '../app/store-context';
import { Icon } from '../components/Icon';
import { Arrow } from './DocumentsSection';
import { FieldError, Section, TextField, domId } from './fields';
import { focusSoon } from './focus';
import { emptySigner, labelsOfRow, moveItem, normalizeSteps, type ComposeForm, type ComposeSigner } from './model';
import { signerName } from './SignersSection';
import type { FieldErrors } from './validation';

const rules = flowRules.trident;

/** Each signer its own step, in the order listed: TRIDENT's signers sign one after another. */
const inOrder = (signers: ComposeSigner[]) => signers.map((signer, index) => (signer.step === index + 1 ? signer : { ...signer, step: index + 1 }));

/**
 * Signers of a TRIDENT job: one after another, in this order. The person is whoever signs in at
 * TRIDENT with an identity the labels allow; the name is the app's own, for lists and file names.
 */
export function TridentSignersSection(props: {
  signers: ComposeSigner[];
  errors: FieldErrors;
  setSigners(update: (signers: ComposeSigner[]) => ComposeSigner[]): void;
  touch(field: string): void;
}) {
  const t = useT();
  const signers = normalizeSteps(props.signers);
  const move = (index: number, direction: -1 | 1, focusId: string) => {
    props.setSigners((list) => inOrder(moveItem(normalizeSteps(list), index, direction)));
    focusSoon(focusId);
  };
  return (
    <section className="card cmp-section" aria-labelledby="compose-signers-title">
      <h2 id="compose-signers-title" className="card__title cmp-section__title">
        {t('direct.signers.title')}
      </h2>
      <p className="cmp-section__description">{t('trident.compose.signersDescription')}</p>
      <FieldError id={`${domId('signers')}-error`} message={props.errors.signers} />
      <ol className="cmp-direct-signers" aria-labelledby="compose-signers-title">
        {signers.map((signer, index) => {
          const base = domId(`signer:${signer.key}`);
          const name = signerName(t, signer, index + 1);
          return (
            <li key={signer.key} className="cmp-signer cmp-signer--direct" data-testid="signer" aria-label={t('compose.signers.cardLabel', { position: index + 1, name })}>
              <div className="cmp-signer__head">
                <span className="cmp-signer__name">
                  <span className="cmp-signer__position">{index + 1}</span>
                  {name}
                </span>
                <div className="cmp-row-actions">
                  <button
                    type="button"
                    id={`${base}-up`}
                    className="icon-button"
                    aria-label={t('trident.compose.moveUp', { name })}
                    title={t('trident.compose.moveUp', { name })}
                    disabled={index === 0}
                    onClick={() => move(index, -1, `${base}-up`)}
                  >
                    <Arrow up />
                  </button>
                  <button
                    type="button"
                    id={`${base}-down`}
                    className="icon-button"
                    aria-label={t('trident.compose.moveDown', { name })}
                    title={t('trident.compose.moveDown', { name })}
                    disabled={index === signers.length - 1}
                    onClick={() => move(index, 1, `${base}-down`)}
                  >
                    <Arrow />
                  </button>
                  <button
                    type="button"
                    id={`${base}-remove`}
                    className="icon-button cmp-remove"
                    aria-label={t('compose.signers.remove', { name })}
                    title={t('compose.signers.remove', { name })}
                    disabled={signers.length === 1}
                    onClick={() => {
                      const neighbour = signers[index + 1] ?? signers[index - 1];
                      props.setSigners((list) => inOrder(normalizeSteps(list).filter((s) => s.key !== signer.key)));
                      focusSoon(neighbour ? `${domId(`signer:${neighbour.key}`)}-remove` : 'compose-add-signer');
                    }}
                  >
                    <Icon name="close" size={18} />
                  </button>
                </div>
              </div>
              <div className="cmp-signer__body">
                <TextField
                  field={`signer:${signer.key}:name`}
                  label={t('signers.name')}
                  value={signer.name}
                  hint={t('trident.compose.nameHint')}
                  error={props.errors[`signer:${signer.key}:name`]}
                  onBlur={() => props.touch(`signer:${signer.key}:name`)}
                  onChange={(value) => props.setSigners((list) => list.map((s) => (s.key === signer.key ? { ...s, name: value } : s)))}
                />
              </div>
            </li>
          );
        })}
      </ol>
      <div className="cmp-signers-footer">
        <button
          type="button"
          id="compose-add-signer"
          className="button"
          disabled={signers.length >= rules.maxSigners}
          onClick={() => {
            const added = emptySigner(signers.length + 1);
            props.setSigners((list) => inOrder([...normalizeSteps(list), added]));
            focusSoon(domId(`signer:${added.key}:name`));
          }}
        >
          {t('compose.signers.add')}
        </button>
        <span className="cmp-hint">{t('compose.signers.limit', { count: signers.length, max: rules.maxSigners })}</span>
      </div>
    </section>
  );
}

/**
 * Which of a person's signing identities may sign: any of these sets, an identity holding every
 * label of a set. No set: the account's labels.
 */
export function TridentLabelsSection(props: { form: ComposeForm; errors: FieldErrors; setLabelSets(update: (rows: string[]) => string[]): void; touch(field: string): void }) {
  const t = useT();
  const rows = props.form.labelSets;
  const sets = rows.map(labelsOfRow).filter((set) => set.length > 0);
  return (
    <Section id="compose-labels" title={t('trident.compose.labelsTitle')} description={t('trident.compose.labelsDescription')}>
      <FieldError id={`${domId('labels')}-error`} message={props.errors.labels} />
      {rows.length > 0 && (
        <ol className="cmp-label-sets" aria-label={t('trident.compose.labelsTitle')}>
          {rows.map((row, index) => {
            const field = `labels:${index}`;
            const bad = labelsOfRow(row).some((label) => labelProblem(label) !== null);
            return (
              <li key={index} className="cmp-label-set" data-testid="label-set">
                <TextField
                  field={field}
                  label={t(index === 0 ? 'trident.compose.labelSetFirst' : 'trident.compose.labelSetOr', { n: index + 1 })}
                  value={row}
                  hint={t('trident.compose.labelSetHint')}
                  error={bad ? t('trident.compose.labelProblem') : undefined}
                  onBlur={() => props.touch(field)}
                  onChange={(value) => props.setLabelSets((list) => list.map((r, i) => (i === index ? value : r)))}
                />
                <button
                  type="button"
                  id={`${domId(field)}-remove`}
                  className="icon-button cmp-remove"
                  aria-label={t('trident.compose.removeLabelSet', { n: index + 1 })}
                  title={t('trident.compose.removeLabelSet', { n: index + 1 })}
                  onClick={() => {
                    props.setLabelSets((list) => list.filter((_, i) => i !== index));
                    focusSoon('compose-add-label-set');
                  }}
                >
                  <Icon name="close" size={18} />
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <p className="cmp-hint" data-testid="labels-summary">
        {sets.length ? t('trident.compose.labelsSummary', { labels: labelSetsText(t, sets) }) : t('trident.compose.labelsFromAccount')}
      </p>
      <div className="cmp-signers-footer">
        <button
          type="button"
          id="compose-add-label-set"
          className="button"
          disabled={rows.length >= tridentLimits.labelSets}
          onClick={() => {
            props.setLabelSets((list) => [...list, '']);
            focusSoon(domId(`labels:${rows.length}`));
          }}
        >
          {rows.length === 0 ? t('trident.compose.addLabelSet') : t('trident.compose.addOtherLabelSet')}
        </button>
      </div>
    </Section>
  );
}

/** The last look for a TRIDENT job: who signs in which order, and which identities may. */
export function TridentReview({ form, signers }: { form: ComposeForm; signers: ComposeSigner[] }) {
  const t = useT();
  const sets = form.labelSets.map(labelsOfRow).filter((set) => set.length > 0);
  return (
    <div className="cmp-review__step">
      <div>
        <p>{t('trident.review.when')}</p>
        <ol className="cmp-review__signers">
          {signers.map((signer, index) => (
            <li key={signer.key}>
              <span className="cmp-review__who">{signerName(t, signer, index + 1)}</span>
            </li>
          ))}
        </ol>
        <p>{sets.length ? t('trident.compose.labelsSummary', { labels: labelSetsText(t, sets) }) : t('trident.compose.labelsFromAccount')}</p>
      </div>
    </div>
  );
}
