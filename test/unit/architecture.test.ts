/**
 * Import boundaries, checked on the source: the engine imports no front end
 * and no networking, spamc imports no engine, protocol codecs do no I/O.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(ROOT, p)));
    else if (name.endsWith('.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? '',
  );
}

function resolved(file: string, spec: string): string {
  return spec.startsWith('.') ? relative(ROOT, resolve(ROOT, file, '..', spec)) : spec;
}

const NETWORK_MODULES = ['node:net', 'node:tls', 'node:http', 'node:dgram', 'node:dns', 'node:dns/promises', 'net', 'tls', 'dns', 'dgram'];

test('the engine imports no front end, and only src/engine/net does networking', () => {
  for (const file of sources('src/engine')) {
    const inNet = file.startsWith(join('src', 'engine', 'net') + '/');
    for (const spec of imports(file)) {
      const target = resolved(file, spec);
      assert.ok(!/^(src\/(spamd|cli|protocol)|milter|spamc)\//.test(target), `${file} imports ${spec}`);
      if (!inNet) assert.ok(!NETWORK_MODULES.includes(spec), `${file} imports ${spec}`);
    }
  }
});

test('src/engine/net does no other I/O and reaches DNS only through its UDP client (TCP for truncated answers)', () => {
  const dnsClients = ['udp-dns-client.ts', 'tcp-dns-query.ts'].map((f) => join('src', 'engine', 'net', f));
  for (const file of sources('src/engine/net')) {
    for (const spec of imports(file)) {
      assert.ok(!['node:tls', 'node:http', 'node:fs', 'tls', 'fs'].includes(spec), `${file} imports ${spec}`);
      if (spec === 'node:net' || spec === 'net') assert.equal(file, dnsClients[1], `${file} imports ${spec}`);
      if (NETWORK_MODULES.includes(spec)) assert.ok(dnsClients.includes(file), `${file} imports ${spec}`);
    }
  }
});

test('only the helper runner of src/engine/net starts processes', () => {
  for (const file of sources('src/engine')) {
    for (const spec of imports(file)) {
      if (spec === 'node:child_process' || spec === 'child_process') assert.equal(file, join('src', 'engine', 'net', 'helper-process.ts'), `${file} imports ${spec}`);
    }
  }
});

test('spamc imports nothing from the engine and no heavy library', () => {
  for (const file of sources('spamc')) {
    for (const spec of imports(file)) {
      const target = resolved(file, spec);
      assert.ok(!target.startsWith('src/engine'), `${file} imports ${spec}`);
      assert.ok(!['yargs', 'lmdb', 'mailsplit', 'htmlparser2'].includes(spec), `${file} imports ${spec}`);
    }
  }
});

test('protocol codecs do no I/O', () => {
  for (const file of sources('src/protocol')) {
    for (const spec of imports(file)) {
      assert.ok(!['node:net', 'node:fs', 'node:tls', 'net', 'fs'].includes(spec), `${file} imports ${spec}`);
      assert.ok(!resolved(file, spec).startsWith('src/engine'), `${file} imports ${spec}`);
    }
  }
});
