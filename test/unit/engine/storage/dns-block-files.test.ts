/**
 * dns_block_rule's block files: made once per block (one warning), read by
 * any query under the domain, removed by the first query after
 * dns_block_time; of two blocked domains a name falls under, the less
 * specific decides, as in SpamAssassin's AsyncLoop.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bayesConfig } from '../bayes/bayes-helpers.js';
import { DnsBlockRules } from '../../../../src/engine/storage/dns-block-files.js';

const dir = mkdtempSync(join(tmpdir(), 'dns-block-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function blocksFor(cf: string, logged: string[] = []): DnsBlockRules {
  const blocks = DnsBlockRules.of(bayesConfig(cf), dir, (_level, m) => logged.push(m));
  assert.ok(blocks);
  return blocks;
}

describe('dns_block_rule files', () => {
  it('block the domain once its rule hit, and warn once', () => {
    const logged: string[] = [];
    const b = blocksFor('dns_block_rule SW_A zen.example\ndns_block_rule SW_B other.example\n', logged);
    assert.equal(b.blocks('2.0.0.127.zen.example'), false);
    b.recordHits((r) => r === 'SW_A');
    b.recordHits((r) => r === 'SW_A');
    assert.equal(logged.length, 1);
    assert.match(logged[0] ?? '', /^check: dns_block_rule SW_A hit, creating .*dnsblock_zen\.example \(This means DNSBL blocked you/);
    assert.equal(b.blocks('2.0.0.127.ZEN.example.'), true);
    assert.equal(b.blocks('2.0.0.127.other.example'), false);
  });

  it('lift the block at the first query after dns_block_time, removing the file', () => {
    const b = blocksFor('dns_block_rule SW_C aged.example\ndns_block_time 60\n');
    b.recordHits(() => true);
    const file = join(dir, 'dnsblock_aged.example');
    const old = Date.now() / 1000 - 120;
    utimesSync(file, old, old);
    assert.equal(b.blocks('x.aged.example'), false);
    assert.equal(existsSync(file), false);
  });

  it('decide by the least specific blocked domain a name falls under', () => {
    const b = blocksFor('dns_block_rule SW_D sub.wide.example\ndns_block_rule SW_E wide.example\n');
    b.recordHits((r) => r === 'SW_D');
    // sub.wide.example is blocked, but wide.example (not blocked) is the one SpamAssassin looks at.
    assert.equal(b.blocks('1.sub.wide.example'), false);
    b.recordHits((r) => r === 'SW_E');
    assert.equal(b.blocks('1.sub.wide.example'), true);
  });
});
