/**
 * The current time, ticking every second while someone uses it (`use()` returns the function that lets it go).
 * Durations on the wallboard are computed from `now`, so they all tick together.
 */
export class Clock {
  now = $state(Date.now());
  #users = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  use() {
    this.#users += 1;
    if (!this.#timer) {
      this.now = Date.now();
      this.#timer = setInterval(() => (this.now = Date.now()), 1000);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#users -= 1;
      if (this.#users === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    };
  }
}
