import { Fragment, useState, type DragEvent, type KeyboardEvent } from 'react';
import { flowRules, maskNationalIdentityNumber } from '../../src-shared/domain';
import { useT } from '../app/store-context';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { Icon } from '../components/Icon';
import { Arrow } from './DocumentsSection';
import { FieldError, SelectField, TextField, describedBy, domId } from './fields';
import { focusSoon } from './focus';
import { dropSigner, emptySigner, groupBySteps, moveSigner, normalizeSteps, setSameStepAsPrevious, type ComposeSigner, type DropTarget, type Notify } from './model';
import type { FieldErrors } from './validation';

const SIGNER_TYPE = 'application/x-signing-desk-signer';

const arrangement = (list: ComposeSigner[]) => list.map((s) => `${s.key}@${s.step}`).join(',');

/** How a signer is named on screen: by name, else without showing a whole national identity number. */
export function signerName(t: ReturnType<typeof useT>, signer: ComposeSigner, position: number): string {
  if (signer.name.trim()) return signer.name.trim();
  if (signer.identifyBy === 'custom') return signer.customIdentifier.trim() || t('compose.signers.signerN', { position });
  if (signer.identifyBy === 'nin' && signer.nationalIdentityNumber.trim()) return maskNationalIdentityNumber(signer.nationalIdentityNumber.trim());
  if (signer.notify !== 'sms' && signer.email.trim()) return signer.email.trim();
  if (signer.mobile.trim()) return signer.mobile.trim();
  return t('compose.signers.signerN', { position });
}

export function SignersSection(props: {
  signers: ComposeSigner[];
  errors: FieldErrors;
  setSigners(update: (signers: ComposeSigner[]) => ComposeSigner[]): void;
  touch(field: string): void;
}) {
  const t = useT();
  const signers = normalizeSteps(props.signers);
  const groups = groupBySteps(signers);
  const [dragging, setDragging] = useState<string | null>(null);
  const [target, setTarget] = useState<DropTarget | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const announce = (next: ComposeSigner[], key: string) => {
    const position = next.findIndex((s) => s.key === key);
    const signer = next[position];
    if (!signer) return;
    const together = next.filter((s) => s.step === signer.step).length;
    setAnnouncement(
      t(together > 1 ? 'compose.signers.movedParallel' : 'compose.signers.moved', {
        name: signerName(t, signer, position + 1),
        step: signer.step,
        signers: t.plural('count.signers', together),
      }),
    );
  };

  const apply = (change: (list: ComposeSigner[]) => ComposeSigner[], key: string, focusId?: string) => {
    const next = change(signers);
    props.setSigners(() => next);
    announce(next, key);
    if (focusId) focusSoon(focusId, `${domId(`signer:${key}`)}-handle`);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const key = event.dataTransfer.getData(SIGNER_TYPE) || dragging;
    if (key && target) apply((list) => dropSigner(list, key, target), key);
    setDragging(null);
    setTarget(null);
  };

  const allowDrop = (event: DragEvent, next: DropTarget) => {
    if (!dragging) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (JSON.stringify(next) !== JSON.stringify(target)) setTarget(next);
  };

  const isTarget = (candidate: DropTarget) => dragging !== null && JSON.stringify(candidate) === JSON.stringify(target);

  const gap = (beforeStep: number, last: boolean) => {
    const here: DropTarget = { kind: 'new-step', beforeStep };
    return (
      <li
        className={`cmp-step-gap${dragging ? ' cmp-step-gap--armed' : ''}${isTarget(here) ? ' cmp-step-gap--target' : ''}${last ? ' cmp-step-gap--last' : ''}`}
        aria-hidden="true"
        data-testid={`new-step-${beforeStep}`}
        onDragOver={(e) => allowDrop(e, here)}
        onDrop={onDrop}
      >
        <span className="cmp-step-gap__label">{dragging ? t('compose.signers.dropNewStep') : last ? '' : t('compose.signers.then')}</span>
      </li>
    );
  };

  return (
    <section className="card cmp-section" aria-labelledby="compose-signers-title">
      <h2 id="compose-signers-title" className="card__title cmp-section__title">
        {t('compose.signers.title')}
      </h2>
      <p className="cmp-section__description" id="compose-signers-help">
        {t('compose.signers.description')}
      </p>
      <FieldError id={`${domId('signers')}-error`} message={props.errors.signers} />
      <ol className="cmp-steps" aria-label={t('compose.signers.order')}>
        {groups.map((group, groupIndex) => {
          const step = groupIndex + 1;
          return (
            <Fragment key={`step-${step}`}>
            <li className={`cmp-step${group.length > 1 ? ' cmp-step--parallel' : ''}`} data-testid={`step-${step}`}>
              <h3 className="cmp-step__title" id={`compose-step-${step}`}>
                <span className="cmp-step__number">{t('compose.signers.step', { step })}</span>
                <span className="cmp-step__note">
                  {group.length > 1 ? t('compose.signers.parallel', { signers: t.plural('count.signers', group.length) }) : step === 1 ? t('compose.signers.first') : t('compose.signers.after', { step: step - 1 })}
                </span>
              </h3>
              <ul className="cmp-step__signers" aria-labelledby={`compose-step-${step}`}>
                {group.map((signer) => {
                  const position = signers.indexOf(signer) + 1;
                  const before: DropTarget = { kind: 'into-step', step, beforeKey: signer.key };
                  const nextInStep = group[group.indexOf(signer) + 1];
                  const after: DropTarget = { kind: 'into-step', step, beforeKey: nextInStep?.key ?? null };
                  return (
                    <SignerCard
                      key={signer.key}
                      signer={signer}
                      position={position}
                      total={signers.length}
                      canMoveUp={arrangement(moveSigner(signers, signer.key, -1)) !== arrangement(signers)}
                      canMoveDown={arrangement(moveSigner(signers, signer.key, 1)) !== arrangement(signers)}
                      previousInSameStep={position > 1 && signers[position - 2].step === signer.step}
                      errors={props.errors}
                      dragging={dragging === signer.key}
                      dropBefore={isTarget(before) && dragging !== signer.key}
                      dropAfter={!nextInStep && isTarget(after) && dragging !== signer.key}
                      touch={props.touch}
                      onChange={(patch) => props.setSigners((list) => list.map((s) => (s.key === signer.key ? { ...s, ...patch } : s)))}
                      onMove={(direction, focusId) => apply((list) => moveSigner(list, signer.key, direction), signer.key, focusId)}
                      onSameStep={(same) => apply((list) => setSameStepAsPrevious(list, signer.key, same), signer.key)}
                      onRemove={() => {
                        const neighbour = signers[position] ?? signers[position - 2];
                        props.setSigners((list) => list.filter((s) => s.key !== signer.key));
                        focusSoon(neighbour ? `${domId(`signer:${neighbour.key}`)}-handle` : 'compose-add-signer');
                      }}
                      onDragStart={(event) => {
                        event.dataTransfer.setData(SIGNER_TYPE, signer.key);
                        event.dataTransfer.setData('text/plain', signerName(t, signer, position));
                        event.dataTransfer.effectAllowed = 'move';
                        const card = (event.target as HTMLElement).closest('.cmp-signer');
                        if (card) event.dataTransfer.setDragImage(card, 24, 24);
                        setDragging(signer.key);
                      }}
                      onDragEnd={() => {
                        setDragging(null);
                        setTarget(null);
                      }}
                      onDragOver={(event) => {
                        const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
                        allowDrop(event, event.clientY < box.top + box.height / 2 ? before : after);
                      }}
                      onDrop={onDrop}
                    />
                  );
                })}
              </ul>
            </li>
            {gap(step + 1, step === groups.length)}
            </Fragment>
          );
        })}
      </ol>
      <div className="cmp-signers-footer">
        <button
          type="button"
          id="compose-add-signer"
          className="button"
          disabled={signers.length >= flowRules.portal.maxSigners}
          onClick={() => {
            const added = emptySigner(groups.length + 1);
            props.setSigners((list) => [...normalizeSteps(list), added]);
            focusSoon(domId(`signer:${added.key}:nin`));
          }}
        >
          {t('compose.signers.add')}
        </button>
        <span className="cmp-hint">{t('compose.signers.limit', { count: signers.length, max: flowRules.portal.maxSigners })}</span>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

function SignerCard(props: {
  signer: ComposeSigner;
  position: number;
  total: number;
  canMoveUp: boolean;
  canMoveDown: boolean;
  previousInSameStep: boolean;
  errors: FieldErrors;
  dragging: boolean;
  dropBefore: boolean;
  dropAfter: boolean;
  touch(field: string): void;
  onChange(patch: Partial<ComposeSigner>): void;
  onMove(direction: -1 | 1, focusId: string): void;
  onSameStep(same: boolean): void;
  onRemove(): void;
  onDragStart(event: DragEvent): void;
  onDragEnd(): void;
  onDragOver(event: DragEvent): void;
  onDrop(event: DragEvent): void;
}) {
  const t = useT();
  const { signer, position } = props;
  const base = domId(`signer:${signer.key}`);
  const field = (name: string) => `signer:${signer.key}:${name}`;
  const error = (name: string) => props.errors[field(name)];
  const name = signerName(t, signer, position);

  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    props.onMove(event.key === 'ArrowUp' ? -1 : 1, (event.target as HTMLElement).id || `${base}-handle`);
  };

  const ninError = error('nin');
  const emailId = domId(field('email'));
  const mobileId = domId(field('mobile'));
  const notifyOptions: { value: Notify; label: string }[] = [
    { value: 'email', label: t('compose.signers.notify.email') },
    { value: 'sms', label: t('compose.signers.notify.sms') },
    { value: 'both', label: t('compose.signers.notify.both') },
    ...(signer.identifyBy === 'nin' ? [{ value: 'register' as const, label: t('compose.signers.notify.register') }] : []),
  ];

  return (
    <li
      className={`cmp-signer${props.dragging ? ' cmp-signer--dragging' : ''}${props.dropBefore ? ' cmp-signer--drop-before' : ''}${props.dropAfter ? ' cmp-signer--drop-after' : ''}`}
      data-testid="signer"
      aria-label={t('compose.signers.cardLabel', { position, name })}
      onKeyDown={onKeyDown}
      onDragOver={props.onDragOver}
      onDrop={props.onDrop}
    >
      <div className="cmp-signer__head">
        <button
          type="button"
          id={`${base}-handle`}
          className="cmp-handle"
          draggable
          aria-label={t('compose.signers.handle', { name })}
          aria-describedby="compose-signers-help"
          onDragStart={props.onDragStart}
          onDragEnd={props.onDragEnd}
        >
          <Grip />
        </button>
        <span className="cmp-signer__name">
          <span className="cmp-signer__position">{position}</span>
          {name}
        </span>
        <label className="cmp-check">
          <input
            type="checkbox"
            id={`${base}-same`}
            checked={props.previousInSameStep}
            disabled={position === 1}
            onChange={(e) => props.onSameStep(e.target.checked)}
          />
          <span>{t('compose.signers.sameStep')}</span>
        </label>
        <div className="cmp-row-actions">
          <button
            type="button"
            id={`${base}-up`}
            className="icon-button"
            aria-label={t('compose.signers.moveUp', { name })}
            title={t('compose.signers.moveUpHint')}
            disabled={!props.canMoveUp}
            onClick={() => props.onMove(-1, `${base}-up`)}
          >
            <Arrow up />
          </button>
          <button
            type="button"
            id={`${base}-down`}
            className="icon-button"
            aria-label={t('compose.signers.moveDown', { name })}
            title={t('compose.signers.moveDownHint')}
            disabled={!props.canMoveDown}
            onClick={() => props.onMove(1, `${base}-down`)}
          >
            <Arrow />
          </button>
          <button
            type="button"
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
        <ChoiceGroup
          legend={t('compose.signers.identifyBy')}
          name={`${base}-identify`}
          value={signer.identifyBy}
          choices={[
            { value: 'nin', label: t('compose.signers.identify.nin') },
            { value: 'contact', label: t('compose.signers.identify.contact') },
          ]}
          onChange={(identifyBy) => props.onChange({ identifyBy, notify: identifyBy === 'contact' && signer.notify === 'register' ? 'email' : signer.notify })}
        />
        <div className="cmp-grid">
          {signer.identifyBy === 'nin' && (
            <NinField field={field('nin')} value={signer.nationalIdentityNumber} hint={t('compose.signers.ninHint')} error={ninError} touch={props.touch} onChange={(nationalIdentityNumber) => props.onChange({ nationalIdentityNumber })} />
          )}
          <TextField
            field={field('name')}
            label={t('signers.name')}
            value={signer.name}
            hint={t('signers.nameHint')}
            error={error('name')}
            onBlur={() => props.touch(field('name'))}
            onChange={(name) => props.onChange({ name })}
          />
          <SelectField
            field={field('notify')}
            label={t('compose.signers.notify')}
            value={signer.notify}
            options={notifyOptions}
            hint={signer.notify === 'register' ? t('compose.signers.notify.registerHint') : undefined}
            error={error('notify')}
            onChange={(notify) => props.onChange({ notify })}
          />
          {(signer.notify === 'email' || signer.notify === 'both') && (
            <div className={`cmp-field${error('email') ? ' cmp-field--invalid' : ''}`}>
              <label className="field__label" htmlFor={emailId}>
                {t('compose.signers.email')}
              </label>
              <input
                id={emailId}
                className="cmp-input"
                type="email"
                autoComplete="off"
                value={signer.email}
                aria-invalid={error('email') ? true : undefined}
                aria-describedby={describedBy(error('email') && `${emailId}-error`)}
                onBlur={() => props.touch(field('email'))}
                onChange={(e) => props.onChange({ email: e.target.value })}
              />
              <FieldError id={`${emailId}-error`} message={error('email')} />
            </div>
          )}
          {(signer.notify === 'sms' || signer.notify === 'both') && (
            <div className={`cmp-field${error('mobile') ? ' cmp-field--invalid' : ''}`}>
              <label className="field__label" htmlFor={mobileId}>
                {t('compose.signers.mobile')}
              </label>
              <input
                id={mobileId}
                className="cmp-input"
                type="tel"
                autoComplete="off"
                value={signer.mobile}
                aria-invalid={error('mobile') ? true : undefined}
                aria-describedby={describedBy(error('mobile') && `${mobileId}-error`)}
                onBlur={() => props.touch(field('mobile'))}
                onChange={(e) => props.onChange({ mobile: e.target.value })}
              />
              <FieldError id={`${mobileId}-error`} message={error('mobile')} />
            </div>
          )}
        </div>
        <div className="cmp-grid">
          <ChoiceGroup
            legend={t('compose.signers.onBehalfOf')}
            name={`${base}-behalf`}
            value={signer.onBehalfOf}
            choices={[
              { value: 'SELF', label: t('compose.signers.onBehalfOf.self') },
              { value: 'OTHER', label: t('compose.signers.onBehalfOf.other') },
            ]}
            onChange={(onBehalfOf) => props.onChange({ onBehalfOf })}
          />
          <SelectField
            field={field('signatureType')}
            label={t('compose.signers.signatureType')}
            value={signer.signatureType}
            options={[
              { value: '', label: t('compose.signers.signatureType.default') },
              { value: 'ADVANCED', label: t('compose.signers.signatureType.advanced') },
              { value: 'AUTHENTICATED', label: t('compose.signers.signatureType.authenticated') },
            ]}
            onChange={(signatureType) => props.onChange({ signatureType })}
          />
        </div>
      </div>
    </li>
  );
}

/** A national identity number: typed freely, shown masked once the field is left. */
export function NinField(props: { field: string; value: string; hint: string; error: string | undefined; touch(field: string): void; onChange(value: string): void }) {
  const t = useT();
  const [focused, setFocused] = useState(false);
  const id = domId(props.field);
  return (
    <div className={`cmp-field${props.error ? ' cmp-field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {t('compose.signers.nin')}
      </label>
      <input
        id={id}
        className="cmp-input cmp-input--mono"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={focused ? 13 : undefined}
        value={focused ? props.value : maskNationalIdentityNumber(props.value.trim())}
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
        {props.hint}
      </p>
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

function Grip() {
  return (
    <svg className="icon" width={18} height={18} viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
      {[6, 12, 18].flatMap((y) => [9, 15].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r={1.6} />))}
    </svg>
  );
}
