import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import PaidInterventionNotice from './PaidInterventionNotice.svelte';
import { setupTestI18n } from './testing';

describe('PaidInterventionNotice', () => {
  beforeAll(() => setupTestI18n());

  it('tells the customer that assistance is paid, and asks them to accept in their own name', async () => {
    render(PaidInterventionNotice, { name: 'Roberto Invernizzi' });

    expect(screen.getByRole('heading', { name: /Assistenza a pagamento/ })).toBeInTheDocument();
    const accept = screen.getByRole('checkbox', {
      name: 'Ho compreso e accetto che l’intervento sia a pagamento, da concordare.',
    });
    expect(accept).not.toBeChecked();
    expect(accept).toBeRequired();
    expect(accept).toHaveAccessibleDescription(
      /non ha un contratto di assistenza attivo.*Accettazione registrata a nome di Roberto Invernizzi\./,
    );
    await fireEvent.click(accept);
    expect(accept).toBeChecked();
  });

  it('links the error to the checkbox', () => {
    render(PaidInterventionNotice, {
      name: 'Roberto Invernizzi',
      error: 'Per inviare la richiesta devi accettare l’intervento a pagamento.',
    });
    const accept = screen.getByRole('checkbox');
    expect(accept).toHaveAttribute('aria-invalid', 'true');
    expect(accept).toHaveAccessibleDescription(/devi accettare l’intervento a pagamento\.$/);
  });

  it('speaks English too', () => {
    setupTestI18n('en');
    render(PaidInterventionNotice, { name: 'Mark Thompson' });
    expect(screen.getByRole('checkbox', { name: /I understand and accept/ })).toHaveAccessibleDescription(
      /no active support contract.*in the name of Mark Thompson\./,
    );
    setupTestI18n('it');
  });
});
