import { DEMO_AUTOSIGN_AFTER_SECONDS, setDemoAutosign, startDemoIfWanted } from '../../demo/demo-sandbox';
import { CliFailure, stringOption, UsageError, type CliCommand, type OptionValues } from '../command';
import { formatAccount } from '../format';

/** `--autosign-after`: whole seconds, or `off` for signing only by hand on the signer pages. */
function autosignOption(values: OptionValues): number | null {
  const value = stringOption(values, 'autosign-after') ?? String(DEMO_AUTOSIGN_AFTER_SECONDS);
  if (value === 'off') return null;
  if (!/^\d+$/.test(value)) throw new UsageError(`--autosign-after is a number of seconds or off, not ${JSON.stringify(value)}.`);
  return Number(value);
}

export const accountsAddDemo: CliCommand = {
  name: 'accounts add demo',
  summary: 'add an account for the local demo sandbox (it runs inside each signing-desk command)',
  synopsis: '[--autosign-after SECONDS|off]',
  help: [
    `  --autosign-after SECONDS   the demo's signers sign by themselves this long after their step starts`,
    `                             (default ${DEMO_AUTOSIGN_AFTER_SECONDS}); counted also while no command runs, so the next`,
    '                             `sync` after that time finds them signed. off: sign on the signer pages only',
  ].join('\n'),
  options: { 'autosign-after': { type: 'string' } },
  async run(context, values) {
    const autosignAfterSeconds = autosignOption(values);
    const demo = await startDemoIfWanted(context.core, { force: true, autosignAfterSeconds, shortLived: true });
    if (!demo) throw new CliFailure('The demo sandbox could not be started.');
    try {
      // A demo account added before keeps its delay unless the option asks for another.
      if (stringOption(values, 'autosign-after') !== undefined) await setDemoAutosign(demo.info, autosignAfterSeconds);
      const account = await context.call('accounts.get', { id: demo.accountId });
      const autosign = (await (await fetch(`${demo.info.controlUrl}/autosign`)).json()) as { afterSeconds: number | null };
      context.print({ ...account, demo: { webRoot: demo.info.webRoot, controlUrl: demo.info.controlUrl, autosignAfterSeconds: autosign.afterSeconds } }, () =>
        [
          `Added the demo account.\n${formatAccount(account)}`,
          '',
          autosign.afterSeconds === null
            ? 'Its signers sign only on the demo signer pages.'
            : `Its signers sign by themselves ${autosign.afterSeconds} seconds after their step starts; the next \`signing-desk sync\` after that picks it up.`,
          'The demo service runs only while a signing-desk command runs (e.g. `signing-desk sync`);',
          'its addresses can change between runs.',
        ].join('\n'),
      );
    } finally {
      await demo.close();
    }
  },
};
