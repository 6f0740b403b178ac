import { DEMO_AUTOSIGN_AFTER_SECONDS, setDemoAutosign, setTridentDemoAutosign, startDemoIfWanted, type DemoService } from '../../demo/demo-sandbox';
import { CliFailure, stringOption, UsageError, type CliCommand, type OptionValues } from '../command';
import { formatAccount } from '../format';

/** `--autosign-after`: whole seconds, or `off` for signing only by hand on the signer pages. */
function autosignOption(values: OptionValues): number | null {
  const value = stringOption(values, 'autosign-after') ?? String(DEMO_AUTOSIGN_AFTER_SECONDS);
  if (value === 'off') return null;
  if (!/^\d+$/.test(value)) throw new UsageError({ key: 'cli.autosignAfter', params: { value } });
  return Number(value);
}

/** `--service`: whose demo account: Posten's (the default), Rest PKI Core's or TRIDENT's, all in the one sandbox. */
function serviceOption(values: OptionValues): DemoService {
  const value = stringOption(values, 'service') ?? 'posten';
  if (value !== 'posten' && value !== 'restpki' && value !== 'trident') throw new UsageError({ key: 'cli.restpki.demoService', params: { value } });
  return value;
}

export const accountsAddDemo: CliCommand = {
  name: 'accounts add demo',
  summary: 'cli.summary.accountsAddDemo',
  synopsis: '[--service posten|restpki|trident] [--autosign-after SECONDS|off]',
  help: 'cli.help.accountsAddDemo',
  helpParams: { seconds: DEMO_AUTOSIGN_AFTER_SECONDS },
  options: { 'autosign-after': { type: 'string' }, service: { type: 'string' } },
  async run(context, values) {
    const service = serviceOption(values);
    if (service === 'restpki' && stringOption(values, 'autosign-after') !== undefined) throw new UsageError({ key: 'cli.restpki.demoNoAutosign' });
    const autosignAfterSeconds = autosignOption(values);
    const demo = await startDemoIfWanted(context.core, { force: true, service, autosignAfterSeconds, shortLived: true });
    if (!demo) throw new CliFailure({ key: 'cli.demoFailed' });
    try {
      const account = await context.call('accounts.get', { id: demo.accountId });
      if (service === 'restpki') {
        context.print({ ...account, demo: { signingPages: demo.info.restpki.controlUrl, persons: demo.info.restpki.persons } }, () =>
          [`${context.t('cli.demoAdded')}\n${formatAccount(context.t, account)}`, '', context.t('cli.restpki.demoSignsOnPage'), context.t('cli.demoNote')].join('\n'),
        );
        return;
      }
      // A demo account added before keeps its delay unless the option asks for another.
      if (stringOption(values, 'autosign-after') !== undefined) await (service === 'trident' ? setTridentDemoAutosign : setDemoAutosign)(demo.info, autosignAfterSeconds);
      const controlUrl = service === 'trident' ? demo.info.trident.controlUrl : demo.info.controlUrl;
      const autosign = (await (await fetch(`${controlUrl}/autosign`)).json()) as { afterSeconds: number | null };
      const demoInfo = service === 'trident' ? { baseUrl: demo.info.trident.baseUrl, controlUrl } : { webRoot: demo.info.webRoot, controlUrl };
      context.print({ ...account, demo: { ...demoInfo, autosignAfterSeconds: autosign.afterSeconds } }, () =>
        [
          `${context.t('cli.demoAdded')}\n${formatAccount(context.t, account)}`,
          '',
          autosign.afterSeconds === null
            ? context.t(service === 'trident' ? 'cli.trident.demoSignsByHand' : 'cli.demoSignsByHand')
            : context.t(service === 'trident' ? 'cli.trident.demoAutosigns' : 'cli.demoAutosigns', { seconds: autosign.afterSeconds }),
          context.t('cli.demoNote'),
        ].join('\n'),
      );
    } finally {
      await demo.close();
    }
  },
};
