import { builder } from './builder.ts';
import './schema/index.ts';

export const schema = builder.toSchema({ sortSchema: false });
