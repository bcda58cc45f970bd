/** "4:05" under an hour, "1:02:03" from an hour, for durations and countdowns (negative counts as zero). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** Milliseconds since an ISO date, at `now`. */
export function since(iso: string, now: number): number {
  return now - Date.parse(iso);
}
