import { describe, expect, it } from 'vitest';
import { isCustomerPath, safeRedirectTarget } from './session';

describe('safeRedirectTarget', () => {
  it('sends staff back to the page they asked for, and home otherwise', () => {
    expect(safeRedirectTarget('/tickets/HT00191', 'OPERATOR')).toBe('/tickets/HT00191');
    expect(safeRedirectTarget(null, 'SUPERVISOR')).toBe('/tickets');
    expect(safeRedirectTarget('//evil.example/x', 'ADMIN')).toBe('/tickets');
    expect(safeRedirectTarget('https://evil.example/', 'OPERATOR')).toBe('/tickets');
    expect(safeRedirectTarget('/login?redirect=/x', 'OPERATOR')).toBe('/tickets');
  });

  it('keeps customers in the portal', () => {
    expect(safeRedirectTarget(null, 'CUSTOMER')).toBe('/portal');
    expect(safeRedirectTarget('/portal/tickets/HT00191', 'CUSTOMER')).toBe('/portal/tickets/HT00191');
    expect(safeRedirectTarget('/tickets/HT00191', 'CUSTOMER')).toBe('/portal');
    expect(safeRedirectTarget('/wallboard', 'CUSTOMER')).toBe('/portal');
    expect(safeRedirectTarget('/portalx', 'CUSTOMER')).toBe('/portal');
  });

  it('knows the customers’ pages', () => {
    expect(isCustomerPath('/portal')).toBe(true);
    expect(isCustomerPath('/portal/new')).toBe(true);
    expect(isCustomerPath('/survey/abc.123.def')).toBe(true);
    expect(isCustomerPath('/portal?x=1')).toBe(true);
    expect(isCustomerPath('/tickets')).toBe(false);
    expect(isCustomerPath('/portale')).toBe(false);
  });
});
