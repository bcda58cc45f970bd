export type Theme = 'dark' | 'light';
const STORAGE_KEY = 'sportello.wallboard.theme';

/** The wallboard's theme: the one chosen with the toggle (remembered), else the system's preference. */
export class ThemeState {
  #chosen = $state<Theme | null>(null);
  #systemDark = $state(true);

  constructor() {
    if (typeof localStorage !== 'undefined') {
      const stored = localStorage.getItem(STORAGE_KEY);
      if (stored === 'dark' || stored === 'light') this.#chosen = stored;
    }
    if (typeof matchMedia === 'function') this.#systemDark = matchMedia('(prefers-color-scheme: dark)').matches;
  }

  get theme(): Theme {
    return this.#chosen ?? (this.#systemDark ? 'dark' : 'light');
  }

  /** Follows the system's preference while nothing was chosen; returns the function that stops following. */
  watchSystem() {
    if (typeof matchMedia !== 'function') return () => {};
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = (event: MediaQueryListEvent) => (this.#systemDark = event.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }

  toggle() {
    this.#chosen = this.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(STORAGE_KEY, this.#chosen);
  }
}
