/** Runs the milter in the foreground until SIGTERM/SIGINT; SIGHUP reloads the rules. */
import type { Engine } from '../src/engine/api-types.js';
import type { Logger } from './logger.js';
import type { MilterOptions } from './options.js';
import { startMilter } from './server.js';

/** `onListening` runs once the socket is bound and the pidfile written (a daemonized milter then tells its starter). */
export async function runMilter(engine: Engine, options: MilterOptions, logger: Logger, onListening?: () => void): Promise<void> {
  const milter = await startMilter(engine, options, logger);
  onListening?.();
  const onHup = () => void milter.reload();
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.log('info', `${signal} received`);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve();
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  await milter.close();
  process.off('SIGHUP', onHup);
  await engine.close();
}
