import type { Prisma } from '@sportello/db';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { notFound } from '../errors.ts';
import { findContactByPhone } from '../domain/calls.ts';
import { ContractKindEnum, ContractStateEnum, LocaleEnum } from './enums.ts';
import { phone, text } from './validation.ts';

/** An organisation the team supports, with its contract: no active contract means paid interventions. */
builder.prismaObject('Customer', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    vatNumber: t.exposeString('vatNumber', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    address: t.exposeString('address', { nullable: true }),
    contractState: t.expose('contractState', { type: ContractStateEnum }),
    contractKind: t.expose('contractKind', { type: ContractKindEnum, nullable: true }),
    contractEndsAt: t.expose('contractEndsAt', { type: 'DateTime', nullable: true }),
    paidInterventionRequired: t.boolean({
      description:
        'True when the customer has no active contract: assistance is a paid intervention to be agreed first.',
      resolve: (customer) => customer.contractState !== 'ACTIVE',
    }),
    contacts: t.relation('contacts', { query: { orderBy: { name: 'asc' } } }),
  }),
});

builder.prismaObject('Contact', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    locale: t.expose('locale', { type: LocaleEnum }),
    customer: t.relation('customer'),
  }),
});

builder.queryFields((t) => ({
  customers: t.prismaField({
    type: ['Customer'],
    description: 'Customers whose name, VAT number, phone or contacts match the search (staff only); at most 50.',
    authScopes: { staff: true },
    args: { search: t.arg.string({ validate: text(0, 100, 'The search') }) },
    resolve: (query, _root, args) => {
      const search = args.search?.trim();
      const where: Prisma.CustomerWhereInput = search
        ? {
            OR: [
              { name: { contains: search, mode: 'insensitive' } },
              { vatNumber: { contains: search } },
              { phone: { contains: search } },
              {
                contacts: {
                  some: {
                    OR: [
                      { name: { contains: search, mode: 'insensitive' } },
                      { phone: { contains: search } },
                      { email: { contains: search, mode: 'insensitive' } },
                    ],
                  },
                },
              },
            ],
          }
        : {};
      return db.customer.findMany({ ...query, where, orderBy: { name: 'asc' }, take: 50 });
    },
  }),
  customer: t.prismaField({
    type: 'Customer',
    description: 'A customer: staff see any, a customer user only their own organisation.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, { viewer }) => {
      if (!viewer!.isStaff && viewer!.customerId !== args.id) throw notFound('Customer');
      const customer = await db.customer.findUnique({ ...query, where: { id: args.id } });
      if (!customer) throw notFound('Customer');
      return customer;
    },
  }),
  contactByPhone: t.prismaField({
    type: 'Contact',
    nullable: true,
    description: 'The contact with this phone number, however it is written (for an incoming call).',
    authScopes: { staff: true },
    args: { phone: t.arg.string({ required: true, validate: phone }) },
    resolve: async (query, _root, args) => {
      const match = await findContactByPhone(args.phone);
      return match ? db.contact.findUnique({ ...query, where: { id: match.id } }) : null;
    },
  }),
}));
