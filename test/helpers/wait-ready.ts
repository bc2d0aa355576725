/**
 * Waits until a child daemon says it is ready (a pattern in its output),
 * failing with everything it printed when it exits first or takes too long.
 * The child is killed on failure so a test never leaves it behind.
 */
import type { ChildProcess } from 'node:child_process';

export async function waitReady(
  child: ChildProcess,
  exited: Promise<number | null>,
  ready: () => boolean,
  output: () => string,
  what: string,
  startMs: number,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`${what} did not get ready in ${startMs} ms:\n${output()}`)), startMs);
    const check = setInterval(() => {
      if (ready()) {
        clearInterval(check);
        clearTimeout(deadline);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(check);
      clearTimeout(deadline);
      reject(new Error(`${what} exited with ${code} before it was ready:\n${output()}`));
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
export async function stopChild(child: ChildProcess, exited: Promise<number | null>, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(t);
  return code;
}
