/** Formats a duration as m:ss, or h:mm:ss from one hour on. */
export function formatDuration(ms: number) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Milliseconds since the epoch of a date, an ISO string or a number. */
export const toMillis = (value: Date | string | number) =>
  value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);

/** A ticking clock since a start time: `elapsed` (ms) updates every second while started. */
export class CallTimer {
  #interval: ReturnType<typeof setInterval> | undefined;
  since = $state(0);
  now = $state(Date.now());
  elapsed = $derived(Math.max(0, this.now - this.since));

  constructor(since: Date | string | number = Date.now()) {
    this.since = toMillis(since);
  }

  get label() {
    return formatDuration(this.elapsed);
  }

  start() {
    this.stop();
    this.now = Date.now();
    this.#interval = setInterval(() => (this.now = Date.now()), 1000);
  }

  stop() {
    if (this.#interval) clearInterval(this.#interval);
    this.#interval = undefined;
  }
}
