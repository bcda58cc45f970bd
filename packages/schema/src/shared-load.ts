/**
 * Every subscriber of a published event asks for the same row at about the same moment; with thousands of
 * subscribers, loading (and mapping) it once per subscriber is what the instance spends its time on. This keeps
 * the first load's promise for a short while, so that the others share it. Only for immutable things (an event
 * id names one committed change), and keyed by the exact query, so that different selections or viewer-dependent
 * filters never share a result.
 */
export function createSharedLoader<T>(ttlMs: number) {
  const loads = new Map<string, Promise<T>>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const shared = loads.get(key);
    if (shared) return shared;
    const loading = load();
    loads.set(key, loading);
    const forget = () => loads.delete(key);
    setTimeout(forget, ttlMs).unref();
    // A failed load is not shared beyond the callers already waiting for it.
    loading.catch(forget);
    return loading;
  };
}
