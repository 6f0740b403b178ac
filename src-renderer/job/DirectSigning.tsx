import { useState } from 'react';
import QRCode from 'qrcode';
import type { JobDetail } from '../../src-shared/contract';
import { formatDateTime } from '../../src-shared/i18n';
import type { ErrorValue } from '../../src-shared/result';
import { errorText } from '../app/error-text';
import { useApp, useLanguage, useT } from '../app/store-context';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';

type Job = Pick<JobDetail, 'id'>;
type Signer = JobDetail['signers'][number];

/** What the page tells after an action: the same shape as the job page's notices. */
/** `signerId`: the notice is about that signer's link, and goes once they no longer wait. */
export type LinkNotice = { tone: 'success' | 'danger' | 'info'; text: string; detail?: string; signerId?: string };

/**
 * The three ways one signer of a browser-signed job can sign: here, by a copied link, or on a phone
 * by a QR code. Each asks the core for a fresh address, since one may work only once.
 */
export function SignerLinkActions(props: { job: Job; signer: Signer; who: string; onNotice(notice: LinkNotice | null): void; reusable?: boolean }) {
  const t = useT();
  const bridge = useApp((s) => s.bridge);
  const [busy, setBusy] = useState<'open' | 'copy' | 'qr' | null>(null);
  const [qr, setQr] = useState<{ url: string; image: string } | null>(null);
  const { job, signer, who, onNotice } = props;

  const freshLink = async (action: 'open' | 'copy' | 'qr'): Promise<string | null> => {
    if (busy) return null;
    setBusy(action);
    onNotice(null);
    const result = await bridge.call('jobs.signingLinks', { id: job.id, signerId: signer.id });
    setBusy(null);
    const url = result.ok ? result.value.links.find((link) => link.signerId === signer.id)?.url : undefined;
    if (url) return url;
    const error: ErrorValue = result.ok ? { code: 'CONFLICT', message: 'No link came back for this signer.', reason: 'job.signerCannotSign' } : result.error;
    onNotice({ tone: 'danger', text: `${t('direct.job.linkFailed', { who })} ${errorText(t, error)}`, detail: error.code === 'TRANSPORT' ? undefined : error.message });
    return null;
  };

  const openHere = async () => {
    const url = await freshLink('open');
    if (!url) return;
    // A new tab of the system browser (Electron's window-open handler passes http/https on to it);
    // `noopener` keeps the signing page from reaching back into the app.
    window.open(url, '_blank', 'noopener');
    onNotice({ tone: 'info', text: t('direct.job.opened', { who }), signerId: signer.id });
  };

  const copy = async () => {
    const url = await freshLink('copy');
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      // A TRIDENT process's address can be opened again; a Posten direct link works once.
      onNotice({ tone: 'success', text: t(props.reusable ? 'trident.job.copied' : 'direct.job.copied', { who }), signerId: signer.id });
    } catch {
      onNotice({ tone: 'danger', text: t('direct.job.copyFailed') });
    }
  };

  const showQr = async () => {
    const url = await freshLink('qr');
    if (!url) return;
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    setQr({ url, image: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
  };

  // Buttons stay enabled while a link is fetched (a disabled button would drop the focus the QR
  // dialog gives back when it closes); a second press meanwhile is ignored.
  const label = (action: 'open' | 'copy' | 'qr', text: string) => (
    <>
      {busy === action && <span className="spinner" aria-hidden="true" />}
      {busy === action ? t('direct.job.gettingLink') : text}
    </>
  );

  return (
    <div className="signer__actions" role="group" aria-label={t('direct.job.actions', { who })}>
      <button type="button" className="button button--small button--primary" aria-disabled={busy !== null || undefined} aria-label={t('direct.job.signHereNamed', { who })} onClick={() => void openHere()}>
        {label('open', t('direct.job.signHere'))}
      </button>
      <button type="button" className="button button--small" aria-disabled={busy !== null || undefined} aria-label={t('direct.job.copyLinkNamed', { who })} onClick={() => void copy()}>
        {label('copy', t('direct.job.copyLink'))}
      </button>
      <button type="button" className="button button--small" aria-disabled={busy !== null || undefined} aria-label={t('direct.job.showQrNamed', { who })} onClick={() => void showQr()}>
        {label('qr', t('direct.job.showQr'))}
      </button>
      <Dialog
        open={qr !== null}
        title={t('direct.qr.title', { who })}
        onClose={() => setQr(null)}
        actions={
          <button type="submit" className="button button--primary" data-autofocus>
            {t('direct.qr.close')}
          </button>
        }
      >
        {qr && (
          <div className="qr">
            <p>{t('direct.qr.body')}</p>
            <img className="qr__code" src={qr.image} alt={t('direct.qr.image', { who })} width={240} height={240} />
            <p className="qr__label muted">{t('direct.qr.link')}</p>
            <p className="qr__link mono" data-testid="qr-link">
              {qr.url}
            </p>
            <p className="muted">{t(props.reusable ? 'trident.qr.reusable' : 'direct.qr.once', { who })}</p>
          </div>
        )}
      </Dialog>
    </div>
  );
}

/**
 * A signer came back to the app from the signing page. It is a hint, not the service's word: the
 * banner says which way they left and that Posten's confirmation is awaited; the core clears it
 * when the next status arrives.
 */
export function ReturnHintBanner({ hint, flow }: { hint: NonNullable<JobDetail['returnHint']>; flow?: JobDetail['flow'] }) {
  const t = useT();
  const language = useLanguage();
  const service = flow === 'trident' ? 'trident' : 'direct';
  const time = formatDateTime(language, hint.at, { today: new Date() });
  // A Rest PKI Core signer comes back the same way whether they signed or cancelled: the app asks.
  const restpki = flow === 'restpki';
  return (
    <div className="callout callout--info return-hint" data-testid="return-hint">
      <Icon name="pen" size={18} />
      <div>
        <p>{restpki ? t('restpki.return.back') : t(`${service}.return.${hint.kind}`)}</p>
        <p className="muted">{t(restpki ? 'restpki.return.at' : `${service}.return.at`, { time })}</p>
      </div>
    </div>
  );
}
