/** The pages in the sidebar, in its order. */
export const routes = ['jobs', 'compose', 'accounts', 'settings'] as const;
export type NavRoute = (typeof routes)[number];
/** Every page the app can show: the sidebar's, plus one job's page (`#/jobs/<id>`). */
export type Route = NavRoute | 'job';

export interface AppLocation {
  route: Route;
  /** The job of `#/jobs/<id>`; null elsewhere. */
  jobId: string | null;
  /** The hash's query, e.g. `draft` of `#/compose?draft=ID`. */
  query: Readonly<Record<string, string>>;
}

/** Parses a location hash; anything unknown falls back to the job list. Pure, so it is unit-tested. */
export function parseHash(hash: string): AppLocation {
  const body = hash.replace(/^#\/?/, '');
  const [path, search = ''] = splitOnce(body, '?');
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) query[key] = value;
  const parts = path.split('/').filter(Boolean);
  const name = parts[0] ?? '';
  if (name === 'jobs' && parts.length >= 2) {
    const jobId = safeDecode(parts.slice(1).join('/'));
    if (jobId) return { route: 'job', jobId, query };
  }
  const route = (routes as readonly string[]).includes(name) ? (name as NavRoute) : 'jobs';
  return { route, jobId: null, query };
}

export function routeFromHash(hash: string): Route {
  return parseHash(hash).route;
}

/** The hash of a page; `job` needs the job's id. */
export function hashOf(route: Route, jobId?: string | null): string {
  if (route === 'job') return jobId ? jobHash(jobId) : '#/jobs';
  return `#/${route}`;
}

export const jobHash = (jobId: string): string => `#/jobs/${encodeURIComponent(jobId)}`;
export const draftHash = (draftId: string): string => `#/compose?draft=${encodeURIComponent(draftId)}`;

/** Which sidebar entry is current: a job's page belongs to Jobs. */
export const navRouteOf = (route: Route): NavRoute => (route === 'job' ? 'jobs' : route);

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
