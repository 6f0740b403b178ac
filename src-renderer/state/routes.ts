export const routes = ['jobs', 'compose', 'accounts', 'settings'] as const;
export type Route = (typeof routes)[number];

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (routes as readonly string[]).includes(name) ? (name as Route) : 'jobs';
}

export const hashOf = (route: Route): string => `#/${route}`;
