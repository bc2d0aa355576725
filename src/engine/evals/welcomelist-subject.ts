/**
 * WelcomeListSubject: Subject globs. Unlike address lists the pattern is
 * not anchored, so an entry matches anywhere in the subject.
 */
import type { ScanContext } from '../scan/context-types.js';
import { evalDef, HEAD, type EvalTable } from './define.js';
import { globToRegexSource } from './util/addr-list.js';
import { lcBytes } from './util/perl-values.js';

const PLUGIN = 'WelcomeListSubject';

const cache = new WeakMap<readonly string[], RegExp[]>();

function compiled(list: readonly string[]): RegExp[] {
  let res = cache.get(list);
  if (!res || res.length !== list.length) {
    res = list.map((entry) => new RegExp(globToRegexSource(lcBytes(entry), false)));
    cache.set(list, res);
  }
  return res;
}

function subjectIn(ctx: ScanContext, list: readonly string[]): boolean {
  const subject = ctx.header('Subject');
  if (subject === '' || list.length === 0) return false;
  const lc = lcBytes(subject);
  if (list.some((e) => lcBytes(e) === lc)) return true;
  return compiled(list).some((re) => re.test(lc));
}

const inWelcome = (ctx: ScanContext): boolean => subjectIn(ctx, ctx.conf.welcomelistSubject);
const inBlock = (ctx: ScanContext): boolean => subjectIn(ctx, ctx.conf.blocklistSubject);

export const welcomelistSubjectEvals: EvalTable = {
  check_subject_in_welcomelist: evalDef(PLUGIN, HEAD, inWelcome),
  check_subject_in_whitelist: evalDef(PLUGIN, HEAD, inWelcome),
  check_subject_in_blocklist: evalDef(PLUGIN, HEAD, inBlock),
  check_subject_in_blacklist: evalDef(PLUGIN, HEAD, inBlock),
};
