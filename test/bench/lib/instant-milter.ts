/**
 * Spamward's milter in front of an engine that answers at once (the test
 * double that scores 0, or 1000 for GTUBE, and adds the same three or four
 * X-Spam-* headers): the milter protocol with no scanning. The Postfix load
 * run measures it to show what Postfix itself spends on any milter, the
 * ceiling a real filter's throughput is measured against.
 *
 *   node dist/test/bench/lib/instant-milter.js PORT   (prints "listening" once ready)
 */
import type { Logger } from '../../../milter/logger.js';
import { defaultMilterOptions } from '../../../milter/options.js';
import { startMilter } from '../../../milter/server.js';
import { FakeEngine } from '../../helpers/milter-fake-engine.js';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: instant-milter.js PORT');
// Errors only: a line per message would be work the real configuration does not do either (it logs at warn).
const logger: Logger = { log: (level, line) => void (level === 'error' && process.stderr.write(`${line}\n`)), enabled: (level) => level === 'error' };
const milter = await startMilter(new FakeEngine(), { ...defaultMilterOptions(), listen: { kind: 'inet', host: '127.0.0.1', port } }, logger);
process.stdout.write(`listening on 127.0.0.1:${port}\n`);
process.on('SIGTERM', () => void milter.close().then(() => process.exit(0)));
