/** Address checks for `spamward serve` before anything is opened. */
import { parseListenSpec as parseMilterListen } from '../../../milter/options.js';
import { spamdListenSpecs } from './spamd-listener.js';

const PRIVILEGED_BELOW = 1024;

/** `HOST:PORT` or `[v6]:PORT`. */
export function parseHostPort(text: string, flag: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || !Number.isInteger(port) || port > 65535) throw new Error(`${flag} ${JSON.stringify(text)}: use HOST:PORT`);
  return { host: (m[1] ?? m[2]) as string, port };
}

/** Binding a port below 1024 needs root; say so, and how to pick another, before loading anything. */
export function privilegedPortProblem(
  a: { 'milter-listen': string; 'spamd-listen': string; 'metrics-listen': string },
  on: (v: string) => boolean,
): string | undefined {
  if (process.getuid?.() === 0) return undefined;
  const ports: Array<[string, number, string]> = [];
  if (on(a['spamd-listen'])) {
    for (const s of spamdListenSpecs(a['spamd-listen'])) if (s.kind === 'tcp') ports.push(['spamd-listen', s.port, `${s.host}:7830`]);
  }
  if (on(a['milter-listen'])) {
    const m = parseMilterListen(a['milter-listen']);
    if (m.kind === 'inet') ports.push(['milter-listen', m.port, `inet:${m.host}:11332`]);
  }
  if (on(a['metrics-listen'])) ports.push(['metrics-listen', parseHostPort(a['metrics-listen'], '--metrics-listen').port, '127.0.0.1:9783']);
  const bad = ports.find(([, port]) => port > 0 && port < PRIVILEGED_BELOW);
  if (bad === undefined) return undefined;
  const [flag, port, example] = bad;
  const env = `SPAMWARD_${flag.toUpperCase().replace(/-/g, '_')}`;
  return (
    `port ${port} (--${flag}) is privileged and this process is not root. ` +
    `Pick another port: npm start -- --${flag} ${example.replace(/^\[?::\]?:/, '127.0.0.1:')}  (or ${env}=..., or "${flag} = ..." in the --config file), ` +
    'or start as root with -u USER to drop privileges after binding.'
  );
}
