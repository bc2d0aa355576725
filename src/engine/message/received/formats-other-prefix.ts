/**
 * Lines that start `FROM ` (simta, Rockliffe, upper case throughout) or
 * `(from ` (Norton AntiVirus gateway, sendmail -t submissions, jqueuemail).
 */
import { capture, g, ignore, type LineMatcher } from './received-fields.js';
import { rx } from './ip-patterns.js';

export const UPPERCASE_FROM_FORMATS: readonly LineMatcher[] = [
  capture('simta', rx`^(\S+) \((\S+) \[({IP})\]\) BY (\S+) (?:\([^)]+\) WITH SMTP )?ID <?(\S+?)>?(?: FOR <[^>]+>)?$`, (m, f) => {
    f.mtaLookedUpDns = true;
    f.helo = g(m, 1); f.rdns = g(m, 2); f.ip = g(m, 3); f.by = g(m, 4); f.id = g(m, 5);
    if (f.rdns === 'unverified') f.rdns = '';
  }),
];

export const PAREN_FROM_FORMATS: readonly LineMatcher[] = [
  capture('navgw', rx`^(\S*) \[({IP})\]\) by (\S+) \(NAVGW .*?\) with `, (m, f) => {
    f.helo = g(m, 1); f.ip = g(m, 2); f.by = g(m, 3);
  }),
  ignore('sendmail-submit', rx`^\S+@localhost\) by \S+ `),
  ignore('jqueuemail', rx`^[^\s@]+@[^)]+\) by \S+\(jqueuemail\) id [^\s;]+`),
];
