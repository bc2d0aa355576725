/**
 * The plugins' parsed_metadata step: run once per message before any rule,
 * by each loaded plugin that reads attachments. They set tags and return the
 * links found inside the attachments, which join the message's URIs as
 * parsed ones (add_uri_detail_list), PDF links first.
 */
import type { ScanContext } from '../scan/context-types.js';
import { oleMacroUris, OLEVBMACRO_PLUGIN } from './ole-vba-macro.js';
import { pdfMetadata, PDFINFO_PLUGIN } from './pdf-info.js';

const STEPS: readonly [plugin: string, step: (ctx: ScanContext) => string[]][] = [
  [PDFINFO_PLUGIN, pdfMetadata],
  [OLEVBMACRO_PLUGIN, oleMacroUris],
];

/** The links the loaded plugins found in the message's attachments. */
export function parsedMetadata(ctx: ScanContext): string[] {
  const uris: string[] = [];
  for (const [plugin, step] of STEPS) if (ctx.conf.plugins.has(plugin)) uris.push(...step(ctx));
  return uris;
}
