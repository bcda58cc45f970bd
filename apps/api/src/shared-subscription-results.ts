import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import { readerClass } from '@sportello/schema/domain/access';
import type { Context } from '@sportello/schema/context';

/**
 * One published event reaches every subscriber of a wallboard at once, and graphql-js would execute the
 * subscription's selection once per subscriber: with thousands of them, the instance spends its time building the
 * same result again. This executes it once per event and per (document, variables, reader class) and hands that
 * result to every subscriber with the same key.
 *
 * Sharing is keyed by the event object itself, so only subscribers handed the very same payload by the pubsub
 * share (per-subscriber payloads, such as ticketUpdated's, are executed as before), and by the viewer's reader
 * class, which holds everything the schema's authorization looks at (see readerClass). So every publish or push
 * must be a new object, as all of them are: one object pushed twice would be answered with its first result.
 */
export function useSharedSubscriptionResults(): Plugin<Context> {
  const resultsByEvent = new WeakMap<object, Map<string, Promise<ExecutionResult> | ExecutionResult>>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let documentCount = 0;

  /** The parser cache hands every subscriber of the same text the same document, so its identity is its key. */
  function documentId(document: DocumentNode) {
    let id = documentIds.get(document);
    if (id === undefined) documentIds.set(document, (id = ++documentCount));
    return id;
  }

  /** What graphql-js does for each event (execute with the event as root), once per event and key. */
  function executeShared(args: ExecutionArgs, key: string | null, payload: unknown) {
    const run = () => execute({ ...args, rootValue: payload });
    if (key === null || typeof payload !== 'object' || payload === null) return run();
    let results = resultsByEvent.get(payload);
    if (!results) resultsByEvent.set(payload, (results = new Map()));
    let result = results.get(key);
    if (!result) results.set(key, (result = run()));
    return result;
  }

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const stream = await createSourceEventStream(args);
        if (!isAsyncIterable(stream)) return stream; // the subscription was refused: its errors
        const viewer = (args.contextValue as Context).viewer;
        const key = viewer
          ? [
              documentId(args.document),
              args.operationName ?? '',
              JSON.stringify(args.variableValues ?? {}),
              readerClass(viewer),
            ].join('\u0000')
          : null;
        return mapAsyncIterator(stream, (payload) => executeShared(args, key, payload));
      });
    },
  };
}
