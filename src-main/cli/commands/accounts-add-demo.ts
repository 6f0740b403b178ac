import { DEMO_AUTOSIGN_AFTER_SECONDS, setDemoAutosign, startDemoIfWanted } from '../../demo/demo-sandbox';
import { CliFailure, stringOption, UsageError, type CliCommand, type OptionValues } from '../command';
import { formatAccount } from '../format';

/** `--autosign-after`: whole seconds, or `off` for signing only by hand on the signer pages. */
function autosignOption(values: OptionValues): number | null {
  const value = stringOption(values, 'autosign-after') ?? String(DEMO_AUTOSIGN_AFTER_SECONDS);
  if (value === 'off') return null;
  if (!/^\d+$/.test(value)) throw new UsageError({ key: 'cli.autosignAfter', params: { value } });
  return Number(value);
}

export const accountsAddDemo: CliCommand = {
  name: 'accounts add demo',
  summary: 'cli.summary.accountsAddDemo',
  synopsis: '[--autosign-after SECONDS|off]',
  help: 'cli.help.accountsAddDemo',
  helpParams: { seconds: DEMO_AUTOSIGN_AFTER_SECONDS },
  options: { 'autosign-after': { type: 'string' } },
  async run(context, values) {
    const autosignAfterSeconds = autosignOption(values);
    const demo = await startDemoIfWanted(context.core, { force: true, autosignAfterSeconds, shortLived: true });
    if (!demo) throw new CliFailure({ key: 'cli.demoFailed' });
    try {
      // A demo account added before keeps its delay unless the option asks for another.
      if (stringOption(values, 'autosign-after') !== undefined) await setDemoAutosign(demo.info, autosignAfterSeconds);
      const account = await context.call('accounts.get', { id: demo.accountId });
      const autosign = (await (await fetch(`${demo.info.controlUrl}/autosign`)).json()) as { afterSeconds: number | null };
      context.print({ ...account, demo: { webRoot: demo.info.webRoot, controlUrl: demo.info.controlUrl, autosignAfterSeconds: autosign.afterSeconds } }, () =>
        [
          `${context.t('cli.demoAdded')}\n${formatAccount(context.t, account)}`,
          '',
          autosign.afterSeconds === null ? context.t('cli.demoSignsByHand') : context.t('cli.demoAutosigns', { seconds: autosign.afterSeconds }),
          context.t('cli.demoNote'),
        ].join('\n'),
      );
    } finally {
      await demo.close();
    }
  },
};
