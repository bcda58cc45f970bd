import { CombinedError } from '@urql/svelte';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { NewTicketForm } from './new-ticket-form.svelte';
import { toProblem } from './problems';
import { customerFactory } from './testing';

function filledForm() {
  const form = new NewTicketForm();
  form.queueId = 'queue-1';
  form.placeAndWhat = 'Ufficio anagrafe, stampante';
  form.subject = 'La stampante non stampa';
  form.description = 'Dal PC dell’anagrafe la stampa resta in coda con errore 0x0000011b.';
  return form;
}

describe('NewTicketForm', () => {
  it('requires who agreed to pay for customers without an active contract', () => {
    const form = filledForm();
    form.selectCustomer(customerFactory({ contractState: 'EXPIRED', paidInterventionRequired: true }));
    expect(form.validate()).toBe(false);
    expect(form.errors).toEqual({ paidAgreedBy: 'call.contract.errors.agreedBy' });
    expect(form.firstInvalid).toBe('paidAgreedBy');

    form.paidAgreedBy = ' Mario Bianchi ';
    expect(form.validate()).toBe(true);
    expect(form.toInput('call-1')).toMatchObject({ paidAgreedBy: 'Mario Bianchi', callId: 'call-1', channel: 'PHONE' });
  });

  it('asks for the solution only when solved during the call', () => {
    const form = filledForm();
    expect(form.validate()).toBe(true);
    expect(form.toInput(null).solution).toBeNull();

    form.solvedDuringCall = true;
    expect(form.validate()).toBe(false);
    expect(form.errors.solution).toBe('call.form.errors.solution');
    form.solution = 'Reinstallato il driver della stampante.';
    expect(form.validate()).toBe(true);
    expect(form.toInput(null).solution).toBe('Reinstallato il driver della stampante.');
  });

  it('drops the agreement when switching to a customer with a contract', () => {
    const form = filledForm();
    form.selectCustomer(customerFactory({ contractState: 'NONE', paidInterventionRequired: true }));
    form.paidAgreedBy = 'Mario Bianchi';
    form.selectCustomer(customerFactory());
    expect(form.toInput(null).paidAgreedBy).toBeNull();
  });

  it('checks every required field', () => {
    const form = new NewTicketForm();
    expect(form.validate()).toBe(false);
    expect(Object.keys(form.errors).sort()).toEqual(['description', 'placeAndWhat', 'queueId', 'subject']);
  });
});

describe('toProblem', () => {
  it('maps VALIDATION issues to their fields', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('The subject must be at least 3 characters.', {
          extensions: {
            code: 'VALIDATION',
            issues: [{ field: 'input.subject', message: 'The subject must be at least 3 characters.' }],
          },
        }),
      ],
    });
    expect(toProblem(error)).toMatchObject({
      code: 'VALIDATION',
      fields: { subject: 'The subject must be at least 3 characters.' },
    });
    expect(toProblem(undefined)).toBeNull();
    expect(toProblem(new CombinedError({ networkError: new Error('offline') }))?.code).toBe('NETWORK');
  });
});
