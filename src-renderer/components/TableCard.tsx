import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways in a narrow window. The scroll container is a named, focusable
 * region so keyboard users can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable).
 */
export function TableCard({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-card" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
