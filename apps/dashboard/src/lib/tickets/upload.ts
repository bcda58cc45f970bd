import { print, type DocumentNode } from 'graphql';
import type { CombinedError } from '@urql/svelte';
import { apiError, type ApiError } from './errors';
import { CSRF_HEADERS } from '$lib/graphql/client';

/**
 * Sends a mutation with files following the GraphQL multipart request spec
 * (https://github.com/jaydenseric/graphql-multipart-request-spec): `operations` with null where the files go,
 * `map` from each file part to its variable path, then the files. Same origin, session cookie included.
 */
export async function sendMultipart(
  document: DocumentNode,
  variables: Record<string, unknown>,
  files: { path: string; file: File }[],
  fetchImpl: typeof fetch = fetch,
): Promise<{ data?: unknown; error?: ApiError }> {
  const body = new FormData();
  body.append('operations', JSON.stringify({ query: print(document), variables }));
  body.append('map', JSON.stringify(Object.fromEntries(files.map(({ path }, index) => [String(index), [path]]))));
  files.forEach(({ file }, index) => body.append(String(index), file, file.name));
  try {
    const response = await fetchImpl('/graphql', {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: CSRF_HEADERS,
    });
    const result = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: object }[] };
    if (result.errors?.length) {
      return {
        error: apiError({
          graphQLErrors: result.errors,
          message: result.errors[0].message,
        } as unknown as CombinedError),
      };
    }
    return { data: result.data };
  } catch (cause) {
    return { error: { code: 'NETWORK', message: String(cause), extensions: {} } };
  }
}
