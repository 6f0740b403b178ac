import { useState } from 'react';
import { compactCpf, cpfProblem, flowRules, formatCpf } from '../../src-shared/domain';
import { formatDateTime } from '../../src-shared/i18n';
import { useLanguage, useT } from '../app/store-context';
import { Icon } from '../components/Icon';
import { Arrow } from './DocumentsSection';
import { FieldError, Section, TextField, describedBy, domId } from './fields';
import { focusSoon } from './focus';
import { emptySigner, moveItem, normalizeSteps, type ComposeForm, type ComposeSigner } from './model';
import type { FieldErrors } from './validation';

const rules = flowRules.restpki;

/** A Rest PKI Core signer as people know them: the name, else the CPF, else their place in the order. */
export function restPkiSignerName(t: ReturnType<typeof useT>, signer: ComposeSigner, position: number): string {
  if (signer.name.trim()) return signer.name.trim();
  if (signer.cpf.trim() && !cpfProblem(signer.cpf)) return t('restpki.signer.cpf', { cpf: formatCpf(signer.cpf) });
  return t('compose.signers.signerN', { position });
}

/** Each signer its own step, in the order listed: the order they sign in. */
const inOrder = (signers: ComposeSigner[]) => signers.map((signer, index) => (signer.step === index + 1 ? signer : { ...signer, step: index + 1 }));

/**
 * Signers of a Rest PKI Core job, in signing order: each signs with their own certificate once the
 * one before has signed, on the documents as signed so far. A CPF restricts who may sign; it is
 * checked as it is typed (its two check digits) and shown formatted once the field is left.
 */
export function RestPkiSignersSection(props: {
  signers: ComposeSigner[];
  errors: FieldErrors;
  setSigners(update: (signers: ComposeSigner[]) => ComposeSigner[]): void;
  touch(field: string): void;
}) {
  const t = useT();
  const signers = normalizeSteps(props.signers);
  return (
    <section className="card cmp-section" aria-labelledby="compose-signers-title">
      <h2 id="compose-signers-title" className="card__title cmp-section__title">
        {t('restpki.signers.title')}
      </h2>
      <p className="cmp-section__description">{t('restpki.signers.description')}</p>
      <FieldError id={`${domId('signers')}-error`} message={props.errors.signers} />
      <ol className="cmp-direct-signers" aria-labelledby="compose-signers-title">
        {signers.map((signer, index) => (
          <RestPkiSignerCard
            key={signer.key}
            signer={signer}
            position={index + 1}
            total={signers.length}
            errors={props.errors}
            touch={props.touch}
            onChange={(patch) => props.setSigners((list) => list.map((s) => (s.key === signer.key ? { ...s, ...patch } : s)))}
            onMove={(direction, focus) => {
              props.setSigners((list) => inOrder(moveItem(normalizeSteps(list), index, direction)));
              focusSoon(focus);
            }}
            onRemove={() => {
              const neighbour = signers[index + 1] ?? signers[index - 1];
              props.setSigners((list) => inOrder(normalizeSteps(list).filter((s) => s.key !== signer.key)));
              focusSoon(neighbour ? `${domId(`signer:${neighbour.key}`)}-remove` : 'compose-add-signer');
            }}
          />
        ))}
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

function RestPkiSignerCard(props: {
  signer: ComposeSigner;
  position: number;
  total: number;
  errors: FieldErrors;
  touch(field: string): void;
  onChange(patch: Partial<ComposeSigner>): void;
  onMove(direction: -1 | 1, focus: string): void;
  onRemove(): void;
}) {
  const t = useT();
  const { signer, position } = props;
  const base = domId(`signer:${signer.key}`);
  const field = (name: string) => `signer:${signer.key}:${name}`;
  const name = restPkiSignerName(t, signer, position);
  return (
    <li className="cmp-signer cmp-signer--direct" data-testid="signer" aria-label={t('compose.signers.cardLabel', { position, name })}>
      <div className="cmp-signer__head">
        <span className="cmp-signer__name">
          <span className="cmp-signer__position">{position}</span>
          {name}
        </span>
        <div className="cmp-row-actions">
          <button type="button" id={`${base}-up`} className="icon-button" aria-label={t('compose.signers.moveUp', { name })} disabled={position === 1} onClick={() => props.onMove(-1, `${base}-up`)}>
            <Arrow up />
          </button>
          <button
            type="button"
            id={`${base}-down`}
            className="icon-button"
            aria-label={t('compose.signers.moveDown', { name })}
            disabled={position === props.total}
            onClick={() => props.onMove(1, `${base}-down`)}
          >
            <Arrow />
          </button>
          <button
            type="button"
            id={`${base}-remove`}
            className="icon-button cmp-remove"
            aria-label={t('compose.signers.remove', { name })}
            title={t('compose.signers.remove', { name })}
            disabled={props.total === 1}
            onClick={props.onRemove}
          >
            <Icon name="close" size={18} />
          </button>
        </div>
      </div>
      <div className="cmp-signer__body">
        <div className="cmp-grid">
          <TextField
            field={field('name')}
            label={t('signers.name')}
            value={signer.name}
            hint={t('restpki.signers.nameHint')}
            error={props.errors[field('name')]}
            onBlur={() => props.touch(field('name'))}
            onChange={(value) => props.onChange({ name: value })}
          />
          <CpfField field={field('cpf')} value={signer.cpf} error={props.errors[field('cpf')]} touch={props.touch} onChange={(cpf) => props.onChange({ cpf })} />
        </div>
      </div>
    </li>
  );
}

/** The CPF as typed while the field has focus; formatted (`123.456.789-09`) once it is left and complete. */
function CpfField(props: { field: string; value: string; error: string | undefined; touch(field: string): void; onChange(value: string): void }) {
  const t = useT();
  const [focused, setFocused] = useState(false);
  const id = domId(props.field);
  const shown = focused || cpfProblem(props.value) ? props.value : formatCpf(compactCpf(props.value));
  return (
    <div className={`cmp-field${props.error ? ' cmp-field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {t('restpki.signers.cpf')}
      </label>
      <input
        id={id}
        className="cmp-input cmp-input--mono cmp-input--cpf"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={20}
        value={shown}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, props.error && `${id}-error`)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          props.touch(props.field);
        }}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className="cmp-hint">
        {t('restpki.signers.cpfHint')}
      </p>
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

/** Rest PKI Core's session options: background processing, and no download on the signing page. */
export function RestPkiOptionsSection(props: { form: ComposeForm; set(key: 'backgroundProcessing' | 'disableDownloads', value: boolean): void }) {
  const t = useT();
  return (
    <Section id="compose-options" title={t('compose.options.title')} description={t('restpki.options.lifetime')}>
      {(['backgroundProcessing', 'disableDownloads'] as const).map((key) => (
        <label key={key} className="check">
          <input type="checkbox" checked={props.form[key]} onChange={(e) => props.set(key, e.target.checked)} />
          <span>
            <span className="check__label">{t(`restpki.options.${key}`)}</span>
            <span className="check__hint muted">{t(`restpki.options.${key}Hint`)}</span>
          </span>
        </label>
      ))}
    </Section>
  );
}

/** Who signs when, in order: the last look before sending. */
export function RestPkiReview({ signers, now }: { signers: ComposeSigner[]; now: Date }) {
  const t = useT();
  const language = useLanguage();
  const until = new Date(now.getTime() + rules.fixedLifetimeSeconds! * 1000).toISOString();
  return (
    <div className="cmp-review__step">
      <div>
        <p>{t('restpki.review.when', { time: formatDateTime(language, until) })}</p>
        <ol className="cmp-review__signers">
          {signers.map((signer, index) => (
            <li key={signer.key}>
              <span className="cmp-review__who">{restPkiSignerName(t, signer, index + 1)}</span> –{' '}
              {signer.cpf.trim() && !cpfProblem(signer.cpf) ? t('restpki.review.byCpf', { cpf: formatCpf(signer.cpf) }) : t('restpki.review.anyone')}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
