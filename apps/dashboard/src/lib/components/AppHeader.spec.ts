import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import AppHeader from './AppHeader.svelte';

describe('AppHeader', () => {
  it('shows the product name and the subtitle', () => {
    render(AppHeader, { subtitle: 'Dashboard in arrivo' });

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Sportello');
    expect(screen.getByText('Dashboard in arrivo')).toBeInTheDocument();
  });

  it('renders without a subtitle', () => {
    const { container } = render(AppHeader);

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Sportello');
    expect(container.querySelector('.subtitle')).toBeNull();
    expect(container.querySelector('header')).toHaveTextContent(/^Sportello$/);
  });
});
