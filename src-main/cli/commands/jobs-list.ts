import type { JobFilter } from '../../../src-shared/contract';
import { integerOption, stringOption, UsageError, type CliCommand } from '../command';
import { formatJobs } from '../format';
import { attentionJson, shownPin } from '../job-json';

export const jobsList: CliCommand = {
  name: 'jobs list',
  summary: 'cli.summary.jobsList',
  synopsis: '[--filter all|inProgress|needsAttention|completed|drafts] [--archived] [--search TEXT] [--account ID] [--limit N]',
  ids: { '--account': 'account' },
  help: 'cli.help.jobsList',
  options: { filter: { type: 'string', default: 'all' }, archived: { type: 'boolean', default: false }, search: { type: 'string', default: '' }, account: { type: 'string' }, limit: { type: 'string', default: '100' } },
  optionForPath: (path) => ({ filter: '--filter', search: '--search', limit: '--limit', accountId: '--account' })[path],
  async run(context, values) {
    const limit = integerOption(values, 'limit');
    if (!limit) throw new UsageError({ key: 'cli.limitPositive' });
    let filter = stringOption(values, 'filter') as JobFilter;
    if (values.archived === true) {
      if (filter !== 'all' && filter !== 'archived') throw new UsageError({ key: 'cli.archivedWithFilter' });
      filter = 'archived';
    }
    const page = await context.call('jobs.list', {
      filter,
      search: stringOption(values, 'search'),
      accountId: stringOption(values, 'account'),
      limit,
    });
    if (!context.json) return context.print(page.items, () => formatJobs(context.t, page.items, page.total));
    // Scripts get each job's signers too, as `jobs show` prints them.
    const items = [];
    for (const item of page.items) {
      if (item.status === 'draft') {
        items.push({ ...item, ...attentionJson(item), signers: [] });
        continue;
      }
      const { signers } = await context.call('jobs.get', { id: item.id });
      items.push({ ...item, ...attentionJson(item), signers: signers.map((s) => ({ id: s.id, order: s.step, name: s.name, nationalIdentityNumber: shownPin(s.nationalIdentityNumber, context.showPin), email: s.email, mobile: s.mobile, status: s.status })) });
    }
    context.print(items, () => '');
  },
};
