import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { storeAttachments } from '../domain/storage.ts';
import { addNote } from '../domain/tickets.ts';
import { NoteVisibilityEnum } from './enums.ts';
import { id, text } from './validation.ts';

builder.prismaObject('Note', {
  description: 'A note on a ticket: INTERNAL for the team, PUBLIC shared with the customer.',
  fields: (t) => ({
    id: t.exposeID('id'),
    visibility: t.expose('visibility', { type: NoteVisibilityEnum }),
    body: t.exposeString('body'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    author: t.relation('author', { nullable: true }),
    attachments: t.relation('attachments', { query: { orderBy: { createdAt: 'asc' } } }),
    ticket: t.relation('ticket'),
  }),
});

builder.prismaObject('Attachment', {
  fields: (t) => ({
    id: t.exposeID('id'),
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType'),
    size: t.exposeInt('size', { description: 'Bytes.' }),
    url: t.string({
      description: 'Where to download it (same credentials as the API).',
      resolve: (file) => `/files/${file.id}`,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AddNoteInput = builder.inputType('AddNoteInput', {
  fields: (t) => ({
    ticketId: t.id({ required: true, validate: id }),
    visibility: t.field({ type: NoteVisibilityEnum, required: true }),
    body: t.string({ required: true, validate: text(1, 20_000, 'The note') }),
    attachments: t.field({
      type: ['File'],
      description: 'Photos, screenshots, PDF or text files (multipart request).',
    }),
  }),
});

builder.mutationFields((t) => ({
  addNote: t.prismaField({
    type: 'Note',
    authScopes: { $all: { authenticated: true, writer: true } },
    args: { input: t.arg({ type: AddNoteInput, required: true }) },
    resolve: async (query, _root, { input }, { viewer }) => {
      const stored = await storeAttachments(input.attachments ?? []);
      try {
        const change = await addNote(viewer!, { ...input, attachments: stored.records });
        const noteId = (change.event.data as { noteId: string }).noteId;
        return db.note.findUniqueOrThrow({ ...query, where: { id: noteId } });
      } catch (error) {
        await stored.discard();
        throw error;
      }
    },
  }),
}));
