import { render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestI18n } from './factories';
import MetricTile from './MetricTile.svelte';

describe('MetricTile', () => {
  beforeAll(setupTestI18n);

  it('shows "—" and says the figure is not available yet when there is no value', () => {
    render(MetricTile, { label: 'First response time', value: null, format: 'duration' });
    const tile = screen.getByTestId('metric-tile');
    expect(tile).toHaveTextContent('First response time');
    expect(tile).toHaveTextContent('—');
    expect(tile).toHaveTextContent('Not available yet');
    expect(tile).toHaveClass('unavailable');
    expect(tile.textContent).not.toMatch(/\d/);
  });

  it('says why there is no value when told', () => {
    render(MetricTile, { label: 'Satisfaction', value: null, format: 'score', emptyNote: 'No data yet today' });
    expect(screen.getByTestId('metric-tile')).toHaveTextContent('No data yet today');
    expect(screen.getByTestId('metric-tile')).not.toHaveTextContent('Not available yet');
  });

  it('formats a duration', () => {
    render(MetricTile, { label: 'First response time', value: 754_000, format: 'duration' });
    const tile = screen.getByTestId('metric-tile');
    expect(tile).toHaveTextContent('12:34');
    expect(tile).not.toHaveTextContent('Not available yet');
  });

  it('formats a rate as a percentage', () => {
    render(MetricTile, { label: 'Resolution rate', value: 0.873, format: 'percent' });
    expect(screen.getByTestId('metric-tile')).toHaveTextContent('87%');
  });

  it('formats a score out of its maximum', () => {
    render(MetricTile, { label: 'Satisfaction', value: 4.25, format: 'score', outOf: 5 });
    expect(screen.getByTestId('metric-tile')).toHaveTextContent('4.3/5');
  });

  it('shows a real zero, not "—"', () => {
    render(MetricTile, { label: 'Resolution rate', value: 0, format: 'percent' });
    expect(screen.getByTestId('metric-tile')).toHaveTextContent('0%');
  });
});
