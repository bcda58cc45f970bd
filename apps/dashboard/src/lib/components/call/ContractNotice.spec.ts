import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { customerFactory, setupTestI18n } from '$lib/call/testing';
import ContractNotice from './ContractNotice.svelte';

describe('ContractNotice', () => {
  beforeAll(() => setupTestI18n());

  it('shows an active contract as covered, without asking for an agreement', () => {
    render(ContractNotice, { customer: customerFactory() });

    expect(screen.getByTestId('contract-notice')).toHaveTextContent('Contratto attivo');
    expect(screen.getByText("L'assistenza è coperta dal contratto.")).toBeInTheDocument();
    expect(screen.queryByLabelText(/Chi ha accettato/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each([
    ['NONE', 'Nessun contratto'],
    ['EXPIRED', 'Contratto scaduto'],
  ] as const)('warns about a paid intervention when the contract state is %s', (contractState, label) => {
    render(ContractNotice, {
      customer: customerFactory({ contractState, contractKind: null, paidInterventionRequired: true }),
    });

    const notice = screen.getByRole('alert');
    expect(notice).toHaveTextContent(label);
    expect(notice).toHaveTextContent(
      "In assenza di contratto, l'assistenza sarà erogata solo tramite intervento tecnico a pagamento, previo accordo con il cliente.",
    );
    const agreedBy = screen.getByLabelText(/Chi ha accettato l'intervento a pagamento/);
    expect(agreedBy).toBeRequired();
    expect(agreedBy).toHaveAccessibleDescription(/Nome e cognome/);
  });

  it('binds who agreed and shows the error next to the field', async () => {
    const customer = customerFactory({ contractState: 'NONE', paidInterventionRequired: true });
    const { rerender } = render(ContractNotice, { customer, error: 'Indica chi ha accettato.' });

    const agreedBy = screen.getByLabelText(/Chi ha accettato/);
    expect(agreedBy).toBeInvalid();
    expect(agreedBy).toHaveAccessibleDescription(/Indica chi ha accettato\./);

    await fireEvent.input(agreedBy, { target: { value: 'Mario Bianchi' } });
    expect(agreedBy).toHaveValue('Mario Bianchi');

    await rerender({ customer, error: undefined });
    expect(screen.getByLabelText(/Chi ha accettato/)).not.toHaveAttribute('aria-invalid');
  });

  it('speaks English too', () => {
    setupTestI18n('en');
    render(ContractNotice, { customer: customerFactory({ contractState: 'EXPIRED', paidInterventionRequired: true }) });
    expect(screen.getByRole('alert')).toHaveTextContent('Paid intervention');
    setupTestI18n('it');
  });
});
