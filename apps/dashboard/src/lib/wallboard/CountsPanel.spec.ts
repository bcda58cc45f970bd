import { render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import CountsPanel from './CountsPanel.svelte';
import { countFactory, setupTestI18n } from './factories';

const queues = [
  { id: 'q1', name: 'INTERVENTO TECNICO' },
  { id: 'q2', name: 'SOFTWARE' },
];

describe('CountsPanel', () => {
  beforeAll(setupTestI18n);

  it('shows the count per queue and status, with totals per queue, per status and overall', () => {
    render(CountsPanel, {
      queues,
      counts: [
        countFactory({ queueId: 'q1', status: 'NEW', count: 3 }),
        countFactory({ queueId: 'q1', status: 'IN_PROGRESS', count: 2 }),
        countFactory({ queueId: 'q2', status: 'NEW', count: 1 }),
        countFactory({ queueId: 'q2', status: 'COMPLAINT', count: 4 }),
      ],
    });

    expect(screen.getByRole('columnheader', { name: 'New' })).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'SOFTWARE' })).toBeInTheDocument();
    expect(screen.getByTestId('count-q1-NEW')).toHaveTextContent('3');
    expect(screen.getByTestId('count-q1-IN_PROGRESS')).toHaveTextContent('2');
    expect(screen.getByTestId('count-q1-COMPLAINT')).toHaveTextContent('0');
    expect(screen.getByTestId('count-q1-COMPLAINT')).toHaveClass('zero');
    expect(screen.getByTestId('count-q1-total')).toHaveTextContent('5');
    expect(screen.getByTestId('count-q2-total')).toHaveTextContent('5');
    expect(screen.getByTestId('count-all-NEW')).toHaveTextContent('4');
    expect(screen.getByTestId('count-all-total')).toHaveTextContent('10');
  });

  it('has a column for every open status and none for closed ones', () => {
    render(CountsPanel, { queues, counts: [] });
    expect(screen.queryByRole('columnheader', { name: 'Done' })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Cancelled' })).toBeNull();
    // queue + 8 open statuses + total
    expect(screen.getAllByRole('columnheader')).toHaveLength(10);
    expect(screen.getByTestId('count-all-total')).toHaveTextContent('0');
  });

  it('updates when the counts change', async () => {
    const { rerender } = render(CountsPanel, { queues, counts: [countFactory({ queueId: 'q2', count: 1 })] });
    expect(screen.getByTestId('count-q2-NEW')).toHaveTextContent('1');
    await rerender({ queues, counts: [countFactory({ queueId: 'q2', status: 'AWAITING_INPUT', count: 1 })] });
    expect(screen.getByTestId('count-q2-NEW')).toHaveTextContent('0');
    expect(screen.getByTestId('count-q2-AWAITING_INPUT')).toHaveTextContent('1');
  });
});
