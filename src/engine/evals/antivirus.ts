/**
 * AntiVirus (not loaded by the Debian default .pre files): Windows
 * executables by file name or by their base64 / uuencoded signature, and
 * file names whose extension contradicts the declared media type.
 */
import type { MimePart } from '../message/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { BODY, evalDef, type EvalTable } from './define.js';
import { partHeader } from './util/headers.js';
import { memo } from './util/memo.js';
import { leafParts, rawLines } from './util/mime-tree.js';
import { lcBytes } from './util/perl-values.js';

const PLUGIN = 'AntiVirus';

const EXE_NAME = /\.(?:ade|adp|asx|bas|bat|chm|cmd|com|cpl|crt|dll|exe|hlp|hta|inf|ins|isp|js|jse|lnk|mda|mdb|mde|mdt|mdw|mdz|msc|msi|msp|mst|nws|ops|pcd|pif|prf|reg|scf|scr\??|sct|shb|shs|shm|swf|url|vb|vbe|vbs|vbx|vxd|wsc|wsf|wsh)$/;
/** "MZ" executable header as it starts a base64 body. */
const EXE_BASE64 = /^TV[opqr].A..[AB].[AQgw][A-H].A/;
/** The same header uuencoded inside a text part. */
const EXE_UUENCODED = /^M35[GHIJK].`..`..*````/;

function looksExecutable(part: MimePart, name: string, cte: string, ctype: string): boolean {
  if (name && EXE_NAME.test(name)) return true;
  const lines = rawLines(part);
  if (cte.includes('base64') && lines[0] !== undefined && EXE_BASE64.test(lines[0])) return true;
  return /^text\b/.test(ctype) && lines.some((l) => EXE_UUENCODED.test(l));
}

/** Extension-to-type expectations; a listed extension with a type outside its pattern is suspect. */
const NAME_RULES: [RegExp, (ctype: string) => boolean][] = [
  [/^(?:txt|[px]?html?|xml)$/, (t) => /^(?:text\/(?:plain|[px]?html?|english|sgml|xml|enriched|richtext)|message\/external-body)/.test(t)],
  [/^(?:jpe?g|tiff?|gif|png)$/, (t) => /^(?:image\/|application\/mac-binhex)/.test(t)],
  [/^vcf$/, (t) => t === 'text/vcard'],
  [/^(?:bat|com|exe|pif|scr|swf|vbs)$/, (t) => /^application\//.test(t)],
  [/^doc$/, (t) => /^application\/.*word$/.test(t)],
  [/^ppt$/, (t) => /^application\/.*(?:powerpoint|ppt)$/.test(t)],
  [/^xls$/, (t) => /^application\/.*excel$/.test(t)],
];

function suspectName(name: string, ctype0: string): boolean {
  if (!name || ctype0 === 'application/octet-stream') return false;
  const ext = name.replace(/.*\./s, '');
  const ctype = ctype0.replace(/\/(x-|vnd\.)/, '/');
  return NAME_RULES.some(([re, ok]) => re.test(ext) && !ok(ctype));
}

function scan(ctx: ScanContext): { exe: boolean; suspect: boolean } {
  return memo(ctx, 'antivirus', () => {
    let exe = false, suspect = false;
    for (const part of leafParts(ctx.msg.root)) {
      const name = lcBytes(part.name ?? '');
      const cte = lcBytes(partHeader(part, 'Content-Transfer-Encoding') ?? '');
      const ctype = lcBytes(part.type);
      if (looksExecutable(part, name, cte, ctype)) exe = true;
      if (suspectName(name, ctype)) suspect = true;
    }
    return { exe, suspect };
  });
}

export const antivirusEvals: EvalTable = {
  check_microsoft_executable: evalDef(PLUGIN, BODY, (ctx) => scan(ctx).exe),
  check_suspect_name: evalDef(PLUGIN, BODY, (ctx) => scan(ctx).suspect),
};
