/**
 * OLEVBMacro's look at a message's attachments (its parsed_metadata): each
 * named base64 or quoted-printable leaf part that is no text, by extension
 * (Office files with and without macros, zips, CSV) or, with
 * `olemacro_extended_scan`, by content; zips opened to `olemacro_zip_depth`
 * levels and `olemacro_num_zip` members, Office XML packages read for VBA
 * projects, embedded objects, macro content types, and the external links
 * of their relationships. What it finds is what the eleven evals report.
 */
import type { MimePart } from '../../message/types.js';
import { leafParts } from '../util/mime-tree.js';
import {
  contentTypesNameMacros, hasAutoOpen, hasDownloadMarker, hasMacroMarkers, isCsvExploit, isEncryptedDoc, isOfficeDoc, isZipFile,
} from './office-markers.js';
import type { OleSettings } from './ole-settings.js';
import { readZip, type ZipMember } from './zip-archive.js';

export interface OleFindings {
  macro: boolean;
  object: boolean;
  rtfObject: boolean;
  csv: boolean;
  malice: boolean;
  renamed: boolean;
  encrypted: boolean;
  zipPassword: boolean;
  downloadExe: boolean;
  /** http(s) targets of external relationships (at most 10), which join the message's URIs. */
  redirectUris: Set<string> | undefined;
  /** CVE-2021-40444 style `mhtml:` targets (at most 5). */
  mhtmlUris: Set<string> | undefined;
}

const MACRO_FILES = new Set(['word/vbaproject.bin', 'macros/vba/_vba_project', 'xl/vbaproject.bin', '_vba_project_cur/vba/_vba_project', 'ppt/vbaproject.bin']);
const MHTML_TARGET = /^MHTML:&#x48;&#x54;&#x50;&#x3a;&#x5c;&#x5c;&#x31;&|^mhtml:https?:\/\//i;

export function scanAttachments(root: MimePart, settings: OleSettings): OleFindings {
  const scan = new AttachmentScan(settings);
  let parts = 0;
  for (const part of leafParts(root)) {
    if (settings.skipCtypes.test(part.type.toLowerCase())) continue;
    const name = attachmentName(part, settings.preferContentDisposition);
    if (name === undefined || name === '' || settings.skipExts.test(name)) continue;
    const data = part.decoded().subarray(0, settings.maxFile).toString('latin1');
    if (data === '') continue;
    if (!scan.examine(name, data)) continue;
    if (++parts >= settings.numMime) break;
  }
  return scan.found;
}

/** Util::get_part_details' file name: only for base64 or quoted-printable parts with a Content-Type. */
function attachmentName(part: MimePart, preferDisposition: boolean): string | undefined {
  const ctype = lastHeader(part, 'content-type');
  if (ctype === undefined) return undefined;
  const cte = (lastHeader(part, 'content-transfer-encoding') ?? '').toLowerCase();
  if (cte !== 'base64' && cte !== 'quoted-printable') return undefined;
  const fromType = nameIn(ctype, /name[ \t\n\r\f\x0b]*=[ \t\n\r\f\x0b]*["']?([^"';]*)/i);
  const fromDisposition = nameIn(lastHeader(part, 'content-disposition') ?? '', /filename[ \t\n\r\f\x0b]*=[ \t\n\r\f\x0b]*["']?([^"';]*)/i);
  if (fromDisposition.toLowerCase() === fromType.toLowerCase()) return fromDisposition;
  if (fromDisposition === '') return fromType;
  if (fromType === '') return fromDisposition;
  return preferDisposition ? fromDisposition : fromType;
}

function lastHeader(part: MimePart, name: string): string | undefined {
  const values = part.header(name);
  const last = values[values.length - 1];
  return last === undefined ? undefined : last.replace(/\r?\n/g, '');
}

function nameIn(value: string, re: RegExp): string {
  return (re.exec(value)?.[1] ?? '').replace(/[ \t\n\r\f\x0b]+$/, '');
}

class AttachmentScan {
  readonly found: OleFindings = {
    macro: false, object: false, rtfObject: false, csv: false, malice: false, renamed: false, encrypted: false, zipPassword: false,
    downloadExe: false, redirectUris: undefined, mhtmlUris: undefined,
  };

  constructor(private readonly settings: OleSettings) {}

  /** One attachment by its name; false when its name made it nothing to look at. */
  examine(name: string, data: string): boolean {
    const s = this.settings;
    if (/\.csv$/i.test(name) && isCsvExploit(data)) this.found.csv = true;
    if (s.zips.test(name)) {
      this.zip(name, data, 0);
    } else if (s.macroExts.test(name)) {
      this.found.macro = true;
      this.officeFile(data, name, false);
    } else if (s.exts.test(name)) {
      this.officeFile(data, name, true);
    } else if (s.extendedScan) {
      this.byContent(name, data, 0);
    } else {
      return false;
    }
    return true;
  }

  private officeFile(data: string, name: string, oldTypeToo: boolean): void {
    this.encrypted(data);
    if (oldTypeToo) this.oldType(data);
    this.macroType(name, data);
    this.downloadMarker(data);
  }

  private encrypted(data: string): boolean {
    if (!isEncryptedDoc(data)) return false;
    this.found.encrypted = true;
    return true;
  }

  private oldType(data: string): boolean {
    if (!hasMacroMarkers(data)) return false;
    this.found.macro = true;
    if (hasAutoOpen(data)) this.found.malice = true;
    return true;
  }

  private downloadMarker(data: string): void {
    if (hasDownloadMarker(data, this.settings.downloadMarker)) this.found.downloadExe = true;
  }

  /** _check_zip: the members of a zip, `depth` levels already opened above it. */
  private zip(name: string, data: string, depth: number): void {
    const s = this.settings;
    if (!s.numZip || depth + 1 > s.zipDepth || data === '' || !isZipFile(name, data)) return;
    const members = readZip(Buffer.from(data, 'latin1'));
    if (members === undefined) return;
    let files = 0;
    for (const member of members) {
      if (s.skipExts.test(member.name)) continue;
      if (member.encrypted) {
        if (s.macroExts.test(member.name)) this.found.macro = true;
        this.found.zipPassword = true;
        continue;
      }
      // Extracted only when a branch reads it, as the plugin does.
      let extracted: string | undefined | null = null;
      const contents = () => (extracted === null ? (extracted = memberText(member)) : extracted);
      if (/\.csv$/i.test(member.name) && isCsvExploit(contents() ?? '')) this.found.csv = true;
      if (s.zips.test(member.name)) {
        const c = contents();
        if (c !== undefined) this.zip(member.name, c, depth + 1);
      } else if (s.macroExts.test(member.name)) {
        this.found.macro = true;
        const c = contents();
        if (c !== undefined) this.officeFile(c, member.name, false);
      } else if (s.exts.test(member.name)) {
        const c = contents();
        if (c !== undefined) this.officeFile(c, member.name, true);
      } else if (s.extendedScan) {
        const c = contents();
        if (c !== undefined) this.byContent(member.name, c, depth + 1);
      } else {
        continue;
      }
      if (++files >= s.numZip) break;
    }
  }

  /** olemacro_extended_scan: a file whose name says nothing, taken for an Office document or a zip by its bytes. */
  private byContent(name: string, data: string, depth: number): void {
    // Every test runs (each notes what it finds), whichever says "office document" first.
    const renamed = [isOfficeDoc(data), this.encrypted(data), this.oldType(data), this.macroType(name, data)].some(Boolean);
    if (renamed) {
      this.found.renamed = true;
      this.downloadMarker(data);
    }
    this.zip(name, data, depth);
  }

  /** _check_macrotype_doc: an Office XML package (or any zip); true when it looks like an Office document. */
  private macroType(name: string, data: string): boolean {
    if (data === '' || !isZipFile(name, data)) return false;
    const members = readZip(Buffer.from(data, 'latin1'));
    if (members === undefined) return false;
    let isDoc = false;
    let macroHere = false;
    for (const member of members) {
      const lc = member.name.toLowerCase();
      if (MACRO_FILES.has(lc)) isDoc = macroHere = this.found.macro = true;
      if (lc.startsWith('xl/embeddings/')) isDoc = this.found.object = true;
      if (/^word\/[^\n]{1,50}\.rtf\b/.test(lc)) isDoc = this.found.rtfObject = true;
    }
    const types = members.find((m) => m.name === '[Content_Types].xml');
    if (types !== undefined) {
      isDoc = true;
      if (!this.found.macro) {
        const xml = memberText(types);
        if (xml !== undefined && contentTypesNameMacros(xml)) this.found.macro = true;
      }
    }
    for (const rels of members.filter((m) => m.name.includes('.rels'))) {
      const text = memberText(rels);
      if (text === undefined) continue;
      const relations = perlSplit(text, /Relationship[ \t\n\r\f\x0b]/);
      if (relations.length > 0) isDoc = true;
      for (const relation of relations) this.externalTarget(relation);
    }
    if (macroHere && members.filter((m) => m.name.includes('.bin')).some((m) => hasAutoOpen(memberText(m) ?? ''))) this.found.malice = true;
    return isDoc;
  }

  /** The first `Target="…"` followed somewhere by `TargetMode="External"`, as the plugin's lazy pattern finds it. */
  private externalTarget(relation: string): void {
    const lower = relation.toLowerCase();
    const external = lower.lastIndexOf('targetmode="external"');
    if (external < 0) return;
    for (let at = lower.indexOf('target="'); at >= 0; at = lower.indexOf('target="', at + 1)) {
      const close = relation.indexOf('"', at + 8);
      if (close < 0 || close + 1 > external) return;
      this.noteTarget(relation.slice(at + 8, close));
      return;
    }
  }

  private noteTarget(target: string): void {
    if (MHTML_TARGET.test(target)) {
      this.found.mhtmlUris ??= new Set();
      if (this.found.mhtmlUris.size < 5) this.found.mhtmlUris.add(target);
    }
    const uri = target.replace(/^mhtml:/i, '');
    if (!/^https?:\/\//i.test(uri)) return;
    this.found.redirectUris ??= new Set();
    if (this.found.redirectUris.size < 10) this.found.redirectUris.add(uri);
  }
}

function memberText(member: ZipMember): string | undefined {
  return member.contents()?.toString('latin1');
}

/** Perl's split: trailing empty fields dropped. */
function perlSplit(text: string, re: RegExp): string[] {
  const fields = text.split(re);
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}
