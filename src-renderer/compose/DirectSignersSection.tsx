import { flowRules } from '../../src-shared/domain';
import { useT } from '../app/store-context';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { Icon } from '../components/Icon';
import { FieldError, SelectField, TextField, domId } from './fields';
import { focusSoon } from './focus';
import { emptySigner, normalizeSteps, type ComposeSigner } from './model';
import { NinField, signerName } from './SignersSection';
import type { FieldErrors } from './validation';

const rules = flowRules.direct;

/**
 * Signers of a direct job: no steps, no order and no notifications. Each is named to the service by
 * national identity number or by an identifier of the sender's own; the name stays in the app.
 */
export function DirectSignersSection(props: {
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
        {t('direct.signers.title')}
      </h2>
      <p className="cmp-section__description">{t('direct.signers.description')}</p>
      <FieldError id={`${domId('signers')}-error`} message={props.errors.signers} />
      <ul className="cmp-direct-signers" aria-labelledby="compose-signers-title">
        {signers.map((signer, index) => (
          <DirectSignerCard
            key={signer.key}
            signer={signer}
            position={index + 1}
            total={signers.length}
            errors={props.errors}
            touch={props.touch}
            onChange={(patch) => props.setSigners((list) => list.map((s) => (s.key === signer.key ? { ...s, ...patch } : s)))}
            onRemove={() => {
              const neighbour = signers[index + 1] ?? signers[index - 1];
              props.setSigners((list) => list.filter((s) => s.key !== signer.key));
              focusSoon(neighbour ? `${domId(`signer:${neighbour.key}`)}-remove` : 'compose-add-signer');
            }}
          />
        ))}
      </ul>
      <div className="cmp-signers-footer">
        <button
          type="button"
          id="compose-add-signer"
          className="button"
          disabled={signers.length >= rules.maxSigners}
          onClick={() => {
            // A step of its own, so the signer keeps a place of its own if the job becomes a portal job.
            const added = emptySigner((signers.at(-1)?.step ?? 0) + 1);
            props.setSigners((list) => [...normalizeSteps(list), added]);
            focusSoon(domId(`signer:${added.key}:nin`));
          }}
        >
          {t('compose.signers.add')}
        </button>
        <span className="cmp-hint">{t('compose.signers.limit', { count: signers.length, max: rules.maxSigners })}</span>
      </div>
    </section>
  );
}

function DirectSignerCard(props: {
  signer: ComposeSigner;
  position: number;
  total: number;
  errors: FieldErrors;
  touch(field: string): void;
  onChange(patch: Partial<ComposeSigner>): void;
  onRemove(): void;
}) {
  const t = useT();
  const { signer, position } = props;
  const base = domId(`signer:${signer.key}`);
  const field = (name: string) => `signer:${signer.key}:${name}`;
  const error = (name: string) => props.errors[field(name)];
  const name = signerName(t, signer, position);
  return (
    <li className="cmp-signer cmp-signer--direct" data-testid="signer" aria-label={t('compose.signers.cardLabel', { position, name })}>
      <div className="cmp-signer__head">
        <span className="cmp-signer__name">
          <span className="cmp-signer__position">{position}</span>
          {name}
        </span>
        <div className="cmp-row-actions">
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
        <ChoiceGroup
          legend={t('compose.signers.identifyBy')}
          name={`${base}-identify`}
          value={signer.identifyBy}
          choices={[
            { value: 'nin', label: t('compose.signers.identify.nin') },
            { value: 'custom', label: t('direct.signers.identify.custom') },
          ]}
          onChange={(identifyBy) => {
            props.onChange({ identifyBy });
            focusSoon(domId(field(identifyBy === 'nin' ? 'nin' : 'custom')));
          }}
        />
        <div className="cmp-grid">
          {signer.identifyBy === 'nin' ? (
            <NinField
              field={field('nin')}
              value={signer.nationalIdentityNumber}
              hint={t('direct.signers.ninHint')}
              error={error('nin')}
              touch={props.touch}
              onChange={(nationalIdentityNumber) => props.onChange({ nationalIdentityNumber })}
            />
          ) : (
            <TextField
              field={field('custom')}
              label={t('direct.signers.customIdentifier')}
              value={signer.customIdentifier}
              hint={t('direct.signers.customIdentifierHint')}
              error={error('custom')}
              onBlur={() => props.touch(field('custom'))}
              onChange={(customIdentifier) => props.onChange({ customIdentifier })}
            />
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
