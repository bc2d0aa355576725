/** Versions Spamward reports. Rules see SpamAssassin's version: they were written for it. */
export const SPAMWARD_VERSION = '0.1.0';
/** Release date of this version (`_SWSUBVERSION_`), in the place SpamAssassin shows its own. */
export const SPAMWARD_RELEASE_DATE = '2026-11-26';
/** The SpamAssassin release whose behaviour Spamward reproduces (`_VERSION_`, `if (version >= …)`). */
export const SA_COMPAT_VERSION = '4.0.1';
export const SA_COMPAT_SUBVERSION = '2024-03-25';
