/**
 * One rule's entry of an unfolded report (`_REPORT_`): from `* score RULE`
 * up to the next rule's line, its detail lines included, spaces collapsed.
 * Only one entry is compared with SpamAssassin's: it runs the header rules
 * of one priority in Perl's hash order, which differs from run to run, so
 * the order of the other entries is not comparable.
 */
export function reportEntry(report: string, rule: string): string | undefined {
  const entry = new RegExp(`\\* +-?[\\d.]+ ${rule} .*?(?= \\* +-?[\\d.]+ [A-Z0-9_]+ |$)`).exec(report)?.[0];
  return entry?.replace(/\s+/g, ' ').trim();
}
