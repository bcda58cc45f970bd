import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThemeState } from './theme.svelte';

/** A matchMedia whose dark preference the test sets and changes. */
function mockColorScheme(dark: boolean) {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  vi.stubGlobal(
    'matchMedia',
    vi.fn(() => ({
      get matches() {
        return dark;
      },
      addEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.add(listener),
      removeEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.delete(listener),
    })),
  );
  return {
    change(next: boolean) {
      dark = next;
      for (const listener of listeners) listener({ matches: next } as MediaQueryListEvent);
    },
    listeners,
  };
}

describe('ThemeState', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('follows prefers-color-scheme while nothing was chosen', () => {
    const scheme = mockColorScheme(false);
    const theme = new ThemeState();
    expect(theme.theme).toBe('light');

    const stop = theme.watchSystem();
    scheme.change(true);
    expect(theme.theme).toBe('dark');
    stop();
    expect(scheme.listeners.size).toBe(0);
  });

  it('remembers the theme chosen with the toggle, over the system preference', () => {
    mockColorScheme(true);
    const theme = new ThemeState();
    expect(theme.theme).toBe('dark');

    theme.toggle();
    expect(theme.theme).toBe('light');
    expect(new ThemeState().theme).toBe('light');
  });
});
