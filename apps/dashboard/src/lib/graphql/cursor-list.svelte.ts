import type { CombinedError } from '@urql/core';
import { apiError, type ApiError } from '$lib/tickets/errors';

/** A Relay connection as the API returns it. */
export interface Connection<T> {
  edges: readonly { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** One request for a page: after `after` (null: the first page); its connection, or null with its error. */
export type PageRequest<T> = (
  after: string | null,
) => Promise<{ connection: Connection<T> | null | undefined; error?: CombinedError }>;

/**
 * A list read page by page with a cursor: the first page afresh, then older pages appended (an item already listed
 * — moved up by a change meanwhile — is not listed twice).
 */
export class CursorList<T extends { id: string }> {
  items = $state<T[]>([]);
  hasMore = $state(false);
  loading = $state(false);
  error = $state<ApiError | undefined>();

  #request: PageRequest<T>;
  #endCursor: string | null = null;

  constructor(request: PageRequest<T>) {
    this.#request = request;
  }

  async load() {
    this.loading = true;
    const { connection, error } = await this.#request(null);
    this.loading = false;
    this.error = apiError(error);
    if (!connection) return;
    this.items = connection.edges.map((edge) => edge.node);
    this.#follow(connection);
  }

  async loadMore() {
    if (!this.hasMore || !this.#endCursor) return;
    const { connection, error } = await this.#request(this.#endCursor);
    this.error = apiError(error);
    if (!connection) return;
    const known = this.items.map((item) => item.id);
    const older = connection.edges.map((edge) => edge.node);
    this.items = [...this.items, ...older.filter((item) => !known.includes(item.id))];
    this.#follow(connection);
  }

  #follow(connection: Connection<T>) {
    this.hasMore = connection.pageInfo.hasNextPage;
    this.#endCursor = connection.pageInfo.endCursor ?? null;
  }
}
