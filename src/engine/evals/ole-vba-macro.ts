/**
 * OLEVBMacro (not loaded by Debian's default .pre files): Office documents
 * with macros, embedded objects, encryption or download links among a
 * message's attachments, zipped ones included (ole-macro/attachment-scan.ts).
 * The attachments are looked at once, when the message is parsed; the
 * external links of Office XML relationships then join the message's URIs,
 * as the plugin's add_uri_detail_list does.
 */
import type { ScanContext } from '../scan/context-types.js';
import { BODY, evalDef, type EvalTable } from './define.js';
import { scanAttachments, type OleFindings } from './ole-macro/attachment-scan.js';
import { oleSettings } from './ole-macro/ole-settings.js';
import { memo } from './util/memo.js';

const PLUGIN = 'OLEVBMacro';
export const OLEVBMACRO_PLUGIN = `Mail::SpamAssassin::Plugin::${PLUGIN}`;

function findings(ctx: ScanContext): OleFindings {
  return memo(ctx, 'olevbmacro', () => scanAttachments(ctx.msg.root, oleSettings(ctx.conf)));
}

/** parsed_metadata: the links found in the documents, which join the message's URIs as parsed ones. */
export function oleMacroUris(ctx: ScanContext): string[] {
  return [...(findings(ctx).redirectUris ?? [])];
}

const flag = (pick: (f: OleFindings) => boolean) => evalDef(PLUGIN, BODY, (ctx) => (pick(findings(ctx)) ? 1 : 0));

/** A hit that lists each URI under the rule's report line. */
const listed = (pick: (f: OleFindings) => Set<string> | undefined) =>
  evalDef(PLUGIN, BODY, (ctx) => {
    const uris = pick(findings(ctx));
    if (uris === undefined) return 0;
    for (const uri of uris) ctx.testLog(uri);
    return 1;
  });

export const oleVbaMacroEvals: EvalTable = {
  check_olemacro: flag((f) => f.macro),
  check_oleobject: flag((f) => f.object),
  check_olertfobject: flag((f) => f.rtfObject),
  check_olemacro_csv: flag((f) => f.csv),
  check_olemacro_malice: flag((f) => f.malice),
  check_olemacro_renamed: flag((f) => f.renamed),
  check_olemacro_encrypted: flag((f) => f.encrypted),
  check_olemacro_zip_password: flag((f) => f.zipPassword),
  check_olemacro_download_exe: flag((f) => f.downloadExe),
  check_olemacro_redirect_uri: listed((f) => f.redirectUris),
  check_olemacro_mhtml_uri: listed((f) => f.mhtmlUris),
};
