import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A plain list of lines (history, attempts, reviews); the empty text when there is none. */
export function Lines<T>({ items, render, empty = '—', itemTestId }: { items: readonly T[]; render: (item: T) => ReactNode; empty?: ReactNode; itemTestId?: string }) {
  if (items.length === 0) return <Typography.Paragraph type="secondary">{empty}</Typography.Paragraph>;
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: '4px 0 12px' }}>
      {items.map((item, i) => (
        <li key={i} data-testid={itemTestId} style={{ padding: '6px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
          {render(item)}
        </li>
      ))}
    </ul>
  );
}
