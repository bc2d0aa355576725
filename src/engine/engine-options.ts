/** How an engine is built: the same options for every front end (spamd, milter, CLI). */
export interface EngineOptions {
  /** Rules directory (`-C`/`--configpath`); default: what SpamAssassin would use on this system, else the bundled rules. */
  configPath?: string;
  /** Site configuration directory (`--siteconfigpath`); default /etc/spamassassin when present. */
  siteConfigPath?: string;
  /** Config lines read before all files (`--pre`). */
  preLines?: string[];
  /** Config lines read after all files (`--cf`). */
  cfLines?: string[];
  /** No network tests (`-L`/`--local`): no DNS at all, and the local score sets (0, or 2 with Bayes). */
  localTestsOnly?: boolean;
  /** Folder for the LMDB stores (Bayes, reputation). */
  dataDir?: string;
  /** Do not read per-user preferences (`-x`/`--nouser-config`). */
  noUserConfig?: boolean;
  /** Where the engine reports events worth a log line (a shared store going down or coming back); default stderr. */
  log?: (level: 'info' | 'warn', message: string) => void;
}
