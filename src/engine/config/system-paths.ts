/**
 * SpamAssassin's documented default locations (Mail::SpamAssassin's
 * @default_rules_path / @site_rules_path with Debian's build prefixes).
 * They are conventions of the SpamAssassin packaging, kept in this one module
 * so nothing else in the engine names a filesystem location.
 */

/** The version directory name sa-update uses for 4.0.1 (`X.YYYZZZ`). */
export const SA_VERSION_DIR = '4.000001';

/** sa-update's state directory; the ruleset lives in `<dir>/<version>/`. */
export const LOCAL_STATE_DIR = '/var/lib/spamassassin';

/** Rules directories tried after the sa-update one, in order. */
export const DEFAULT_RULES_DIRS: readonly string[] = ['/usr/share/spamassassin', '/usr/local/share/spamassassin'];

/** Site configuration directories, in SpamAssassin's order of preference. */
export const SITE_RULES_DIRS: readonly string[] = ['/etc/spamassassin', '/etc/mail/spamassassin'];

/** The channel file sa-update writes; it is always read first within its directory. */
export const UPDATES_CHANNEL_FILE = 'updates_spamassassin_org.cf';
