/**
 * Test helper: asks the installed SpamAssassin (Mail::SpamAssassin::HTML)
 * to render an HTML string, for differential tests. Throws, never skips,
 * when perl or SpamAssassin is missing.
 */
import { execFileSync } from 'node:child_process';

/** Reads UTF-8 HTML on stdin, prints the rendered texts and HTML.pm's results as JSON. */
const PERL = String.raw`
use strict; use warnings;
use Mail::SpamAssassin::HTML; use JSON::PP; use Encode;
local $/; my $in = <STDIN>;
my $h = Mail::SpamAssassin::HTML->new(1, 1);
$h->parse(Encode::decode('UTF-8', $in));
my $r = $h->get_results;
my %o = (text => $h->get_rendered_text(), visible => $h->get_rendered_text(invisible => 0),
         invisible => $h->get_rendered_text(invisible => 1), results => $r);
print JSON::PP->new->utf8->canonical->allow_nonref->encode(\%o);
`;

export interface SaHtml {
  text: string;
  visible: string;
  invisible: string;
  results: Record<string, unknown>;
}

export function saRenderHtml(html: string): SaHtml {
  const out = execFileSync('perl', ['-e', PERL], { input: Buffer.from(html, 'utf8'), stdio: ['pipe', 'pipe', 'pipe'] });
  return JSON.parse(out.toString('utf8')) as SaHtml;
}
