/**
 * Every eval function Spamward knows, by the name rules call it with.
 */
import type { EvalDefinition } from '../scan/context-types.js';
import { accessDbEvals } from './access-db.js';
import { antivirusEvals } from './antivirus.js';
import { authResEvals } from './auth-results.js';
import { awlEvals } from './awl-eval.js';
import { bayesEvals } from './bayes-eval.js';
import { bodyEvals } from './body-eval.js';
import type { EvalTable } from './define.js';
import { freemailEvals } from './freemail.js';
import { fromnameSpoofEvals } from './fromname-spoof.js';
import { headerEvals } from './header-eval.js';
import { htmlEvals } from './html-eval.js';
import { imageInfoEvals } from './image-info.js';
import { mimeEvals } from './mime-eval.js';
import { networkEvals } from './network-evals.js';
import { oleVbaMacroEvals } from './ole-vba-macro.js';
import { pdfInfoEvals } from './pdf-info.js';
import { phishingEvals } from './phishing.js';
import { relayEvals } from './relay-eval.js';
import { textcatEvals } from './textcat.js';
import { txrepEvals } from './txrep-eval.js';
import { uriEvals } from './uri-eval.js';
import { vbounceEvals } from './vbounce.js';
import { welcomelistSubjectEvals } from './welcomelist-subject.js';
import { wlblEvals } from './wlbl-eval.js';

const TABLES: readonly EvalTable[] = [
  headerEvals, mimeEvals, bodyEvals, htmlEvals, relayEvals, wlblEvals, welcomelistSubjectEvals, freemailEvals,
  imageInfoEvals, pdfInfoEvals, vbounceEvals, uriEvals, antivirusEvals, textcatEvals, fromnameSpoofEvals,
  accessDbEvals, authResEvals, phishingEvals, oleVbaMacroEvals, bayesEvals, awlEvals, txrepEvals, networkEvals,
];

function build(): Map<string, EvalDefinition> {
  const map = new Map<string, EvalDefinition>();
  for (const table of TABLES) {
    for (const [name, def] of Object.entries(table)) {
      if (map.has(name)) throw new Error(`eval ${name} registered twice`);
      map.set(name, def);
    }
  }
  return map;
}

export const evalRegistry: ReadonlyMap<string, EvalDefinition> = build();
