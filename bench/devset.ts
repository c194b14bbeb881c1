import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { LangSchema } from '../src/index.js';

const Labelled = z.object({ q: z.string().min(1), intent: z.string().min(1) }).strict();
const OutOfScope = z.object({ q: z.string().min(1), lang: LangSchema }).strict();
export const DevSetSchema = z
  .object({ ja: z.array(Labelled), en: z.array(Labelled), out_of_scope: z.array(OutOfScope) })
  .strict();
export type DevSet = z.infer<typeof DevSetSchema>;

export function loadDevSet(file: string): DevSet {
  return DevSetSchema.parse(parse(readFileSync(file, 'utf8')));
}
