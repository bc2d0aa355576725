/**
 * Shapes of the declarative directive table: each configuration command maps
 * to a value kind (SpamAssassin's CONF_TYPE_*), its privilege level, the
 * plugin that registers it, and optionally a handler with its own syntax.
 */
import type { ParseState } from './parse-state.js';

/** `undefined` = accepted; a string = the error message for this line. */
export type DirectiveResult = string | undefined;

export type DirectiveHandler = (st: ParseState, value: string, key: string) => DirectiveResult;

export type ValueKind =
  | 'string'
  | 'bool'
  | 'numeric'
  | 'duration'
  | 'hash'
  | 'addrlist'
  | 'template'
  | 'noargs'
  | 'stringlist'
  | 'iplist'
  | 'custom';

export interface Directive {
  kind: ValueKind;
  /** Refused in user_prefs ("administrator setting"). */
  admin?: boolean;
  /** Rule-defining: refused in user_prefs unless allow_user_rules is on. */
  priv?: boolean;
  /** Short names of the plugins that register the command (any one enables it); absent for core commands. */
  plugin?: readonly string[];
  aliases?: readonly string[];
  /** Where a generic value is stored when it differs from the command name (e.g. unwelcomelist_from). */
  setting?: string;
  /** The only spellings a plugin's own check lets through (e.g. `^[012]$`); others are an invalid value. */
  accepts?: RegExp;
  /** Custom syntax and storage; without it the generic storage for `kind` is used. */
  apply?: DirectiveHandler;
}

export const missingValue = (key: string): string => `missing '${key}' value`;
export const invalidValue = (key: string): string => `invalid '${key}' value`;
