import { parseArgs } from 'node:util';
import { startSandbox } from './index';

const usage = 'usage: npm run sandbox -- --data-dir DIR [--port N] [--control-port N] [--empty-queue-delay S] [--redelivery-seconds S] [--rate-limit N] [--sender-org NNNNNNNNN]\n       [--restpki-port N] [--restpki-control-port N] [--restpki-api-key KEY] [--restpki-processing-seconds S]';

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number\n${usage}`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'control-port': { type: 'string' },
    'empty-queue-delay': { type: 'string' },
    'redelivery-seconds': { type: 'string' },
    'rate-limit': { type: 'string' },
    'sender-org': { type: 'string' },
    'restpki-port': { type: 'string' },
    'restpki-control-port': { type: 'string' },
    'restpki-api-key': { type: 'string' },
    'restpki-processing-seconds': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help || !values['data-dir']) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}

const sandbox = await startSandbox({
  dataDir: values['data-dir'],
  port: numberOption(values.port, 'port'),
  controlPort: numberOption(values['control-port'], 'control-port'),
  emptyQueueDelaySeconds: numberOption(values['empty-queue-delay'], 'empty-queue-delay'),
  redeliverySeconds: numberOption(values['redelivery-seconds'], 'redelivery-seconds'),
  rateLimitPerSecond: numberOption(values['rate-limit'], 'rate-limit'),
  senderOrganizationNumber: values['sender-org'],
  restpki: {
    port: numberOption(values['restpki-port'], 'restpki-port'),
    controlPort: numberOption(values['restpki-control-port'], 'restpki-control-port'),
    apiKey: values['restpki-api-key'],
    processingSeconds: numberOption(values['restpki-processing-seconds'], 'restpki-processing-seconds'),
  },
});
console.log(JSON.stringify(sandbox.info, null, 2));
console.log(`Posten – signer pages: ${sandbox.info.webRoot}   control API: ${sandbox.info.controlUrl}`);
console.log(`Rest PKI Core – endpoint: ${sandbox.info.restpki.endpoint}   control API and signing pages: ${sandbox.info.restpki.controlUrl}   (Ctrl+C stops)`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  });
}
