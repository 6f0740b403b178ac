import { useId, useState } from 'react';
import type { AccountRemovalImpact } from '../../src-shared/contract';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useT } from '../app/store-context';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import '../styles/removal.css';

/**
 * The account page's last section: removing the account, after a confirmation that counts what
 * happens to its jobs, drafts and files. Jobs that are not finished are refused unless the
 * administrator ticks that Signing Desk may stop following them.
 */
export function RemoveAccount({ accountId, onRemoved }: { accountId: string; onRemoved(): void }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const showToast = useApp((s) => s.showToast);
  const [impact, setImpact] = useState<AccountRemovalImpact | null>(null);
  const [checking, setChecking] = useState(false);
  const [stopFollowing, setStopFollowing] = useState(false);
  const [needsTick, setNeedsTick] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [busy, setBusy] = useState(false);
  const tickError = useId();

  const open = async () => {
    if (checking) return;
    setChecking(true);
    setError(null);
    const result = await bridge.call('accounts.removalImpact', { id: accountId });
    setChecking(false);
    if (!result.ok) return setError(result.error);
    setStopFollowing(false);
    setNeedsTick(false);
    setImpact(result.value);
  };

  const close = () => setImpact(null);

  const remove = async () => {
    if (!impact) return;
    const unfinished = impact.unfinishedJobs + impact.jobsAwaitingFiles;
    if (unfinished > 0 && !stopFollowing) {
      setNeedsTick(true);
      document.getElementById(`${tickError}-box`)?.focus();
      return;
    }
    setBusy(true);
    const result = await bridge.call('accounts.remove', { id: accountId, stopFollowingUnfinished: unfinished > 0 });
    setBusy(false);
    setImpact(null);
    if (!result.ok) return setError(result.error);
    showToast({ title: t('accountRemoval.done'), body: result.value.name });
    onRemoved();
  };

  const plural = (count: number, many: Parameters<typeof t>[0], one: Parameters<typeof t>[0]) => t(count === 1 ? one : many, { count });
  const unfinished = impact ? impact.unfinishedJobs + impact.jobsAwaitingFiles : 0;

  return (
    <section className="danger-zone" aria-labelledby="remove-account-title">
      <h3 id="remove-account-title" className="section-title">
        {t('accountRemoval.section')}
      </h3>
      <p className="muted">{t('accountRemoval.sectionBody')}</p>
      {error && (
        <div className="callout callout--danger" role="alert">
          <p>{t('accountRemoval.failed', { message: errorText(t, error) })}</p>
        </div>
      )}
      {/* Not disabled while checking: a disabled button drops the focus the dialog hands back on close. */}
      <button type="button" className="button button--danger" aria-busy={checking || undefined} onClick={() => void open()}>
        {checking ? t('accountRemoval.checking') : t('accountRemoval.open')}
      </button>

      <Dialog
        open={impact !== null}
        title={impact ? t('accountRemoval.title', { name: impact.name }) : ''}
        tone="danger"
        onClose={close}
        onSubmit={() => void remove()}
        actions={
          <>
            <button type="button" className="button" data-autofocus disabled={busy} onClick={close}>
              {t('accountRemoval.keep')}
            </button>
            <button type="submit" className="button button--danger" disabled={busy} aria-busy={busy || undefined}>
              {t('accountRemoval.action')}
            </button>
          </>
        }
      >
        {impact && (
          <>
            {unfinished > 0 && (
              <div className="callout callout--warning removal-open">
                <Icon name="warning" size={18} />
                <div>
                  {impact.unfinishedJobs > 0 && <p>{plural(impact.unfinishedJobs, 'accountRemoval.unfinished', 'accountRemoval.unfinished.one')}</p>}
                  {impact.jobsAwaitingFiles > 0 && <p>{plural(impact.jobsAwaitingFiles, 'accountRemoval.awaitingFiles', 'accountRemoval.awaitingFiles.one')}</p>}
                  <p>{t('accountRemoval.openExplained')}</p>
                  <label className="checkbox-line">
                    <input
                      id={`${tickError}-box`}
                      type="checkbox"
                      checked={stopFollowing}
                      aria-invalid={needsTick && !stopFollowing ? true : undefined}
                      aria-describedby={needsTick && !stopFollowing ? tickError : undefined}
                      onChange={(event) => setStopFollowing(event.target.checked)}
                    />
                    <span>{t('accountRemoval.stopFollowing')}</span>
                  </label>
                  {needsTick && !stopFollowing && (
                    <p id={tickError} className="form-field__error" role="alert">
                      {t('accountRemoval.stopFollowingRequired')}
                    </p>
                  )}
                </div>
              </div>
            )}
            <ul className="removal-list">
              <li>{t('accountRemoval.secrets')}</li>
              <li>{impact.keptJobs === 0 ? t('accountRemoval.noJobs') : plural(impact.keptJobs, 'accountRemoval.jobs', 'accountRemoval.jobs.one')}</li>
              <li>{t('accountRemoval.files')}</li>
              {impact.drafts > 0 && <li>{plural(impact.drafts, 'accountRemoval.drafts', 'accountRemoval.drafts.one')}</li>}
              {impact.isDemo && <li>{t('accountRemoval.demo')}</li>}
            </ul>
          </>
        )}
      </Dialog>
    </section>
  );
}
