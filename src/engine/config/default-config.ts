/**
 * SpamAssassin's built-in defaults (the `default` values of its command
 * table). The default add_header set, report templates and header lists are
 * not here: they come from 10_default_prefs.cf, as in SpamAssassin; only
 * Checker-Version is built in (SpamAssassin adds it before reading any file,
 * so a configuration without that file still says who checked the message).
 */
import type { EngineConfig, HeaderTemplate } from './types.js';

export function defaultConfig(): EngineConfig {
  return {
    rules: new Map(), scores: new Map(), describe: new Map(), tflags: new Map(), priority: new Map(),
    plugins: new Set(),
    requiredScore: 5,
    headersSpam: [checkerVersion()], headersHam: [checkerVersion()],
    rewriteHeader: new Map(), subjPrefix: new Map(),
    reportSafe: 1,
    reportTemplate: '', unsafeReportTemplate: '',
    reportContact: 'the administrator of that system',
    reportHostname: '',
    reportCharset: 'UTF-8',
    reportSafeCopyHeaders: [],
    foldHeaders: true,
    rulesVersions: [],
    welcomelistFrom: [], blocklistFrom: [], welcomelistTo: [], moreSpamTo: [], allSpamTo: [], blocklistTo: [],
    welcomelistFromRcvd: [], defWelcomelistFromRcvd: [], welcomelistAllowsRelays: [],
    welcomelistAuth: [], defWelcomelistAuth: [],
    welcomelistUriHost: [], blocklistUriHost: [], welcomelistSubject: [], blocklistSubject: [],
    addrLists: new Map(), uriHostLists: new Map(),
    freemailDomains: [], freemailWhitelist: [],
    tlds: new Set(), twoLevelDomains: new Set(), threeLevelDomains: new Set(),
    redirectorPatterns: [], urlShorteners: new Set(),
    trustedNetworks: { entries: [], configured: false },
    internalNetworks: { entries: [], configured: false },
    msaNetworks: { entries: [], configured: false },
    originatingIpHeaders: [],
    envelopeSenderHeader: undefined,
    alwaysTrustEnvelopeSender: false,
    okLocales: 'all', okLanguages: 'all',
    normalizeCharset: true,
    bodyPartScanSize: 50000, rawbodyPartScanSize: 500000,
    allowUserRules: false,
    useBayes: true, useBayesRules: true, bayesAutoLearn: true,
    bayesAutoLearnThresholdSpam: 12, bayesAutoLearnThresholdNonspam: 0.1,
    bayesOptions: new Map(),
    useAutoWelcomelist: true,
    txrepOptions: new Map(),
    other: new Map(),
    replaceTags: new Map(),
    pluginRules: new Map(),
    selfTests: [],
    lists: new Map(), hashes: new Map(), compatFlags: new Set(),
    welcomelistFromDkim: [], defWelcomelistFromDkim: [],
    bayesStopwords: new Map(),
    captureRules: new Set(),
  };
}

function checkerVersion(): HeaderTemplate {
  return { name: 'Checker-Version', template: 'SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_' };
}
