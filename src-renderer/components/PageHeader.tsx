import type { ReactNode } from 'react';

/** The page's h1 takes focus after navigation so screen readers announce the new page. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1 className="page-title" tabIndex={-1} data-page-heading>
        {title}
      </h1>
      {children}
    </header>
  );
}
