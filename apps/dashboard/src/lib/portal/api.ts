import type { Client } from '@urql/svelte';
import type { VariablesOf } from '$lib/graphql/graphql';
import { apiError, type ApiError } from '$lib/tickets/errors';
import { sendMultipart } from '$lib/tickets/upload';
import { CreatePortalTicketMutation, PortalReplyMutation } from './documents';

export type CreateRequestInput = Omit<VariablesOf<typeof CreatePortalTicketMutation>['input'], 'attachments'>;

/** Files go as a GraphQL multipart request, everything else as a plain mutation through urql. */
async function mutate<T>(
  client: Client,
  document: typeof CreatePortalTicketMutation | typeof PortalReplyMutation,
  input: Record<string, unknown>,
  files: File[],
): Promise<{ data?: T; error?: ApiError }> {
  if (files.length === 0) {
    const result = await client.mutation(document, { input } as never).toPromise();
    return { data: result.data as T | undefined, error: apiError(result.error) };
  }
  const sent = await sendMultipart(
    document,
    { input: { ...input, attachments: files.map(() => null) } },
    files.map((file, index) => ({ path: `variables.input.attachments.${index}`, file })),
  );
  return { data: sent.data as T | undefined, error: sent.error };
}

/** Opens a request ("Invia richiesta") with its photos; resolves to the new ticket's code. */
export async function createRequest(
  client: Client,
  input: CreateRequestInput,
  files: File[],
): Promise<{ code?: string; error?: ApiError }> {
  const { data, error } = await mutate<{ createTicket: { code: string } }>(
    client,
    CreatePortalTicketMutation,
    input,
    files,
  );
  return { code: data?.createTicket.code, error };
}

/** The customer's reply on their ticket: always a public note. */
export async function replyToTicket(
  client: Client,
  ticketId: string,
  body: string,
  files: File[],
): Promise<ApiError | undefined> {
  return (await mutate(client, PortalReplyMutation, { ticketId, visibility: 'PUBLIC', body }, files)).error;
}
