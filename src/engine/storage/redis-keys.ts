/**
 * Key names of the Redis stores. In SpamAssassin's layout (redis-scripts.ts)
 * token keys are binary: the prefix, `w:` and the 5 raw bytes of the token
 * hash, as SpamAssassin's BayesStore::Redis writes them. In the sharded
 * layout (redis-sharded-scripts.ts) tokens are fields of `<prefix>t:00` ..
 * `<prefix>t:NN` (shard number in hex).
 */
export class RedisKeys {
  private readonly prefix: Buffer;

  constructor(prefix: string) {
    this.prefix = Buffer.from(prefix, 'utf8');
  }

  /** `<prefix>w:`, what the scripts put in front of each 5-byte token. */
  tokenPrefix(): Buffer {
    return Buffer.concat([this.prefix, TOKEN]);
  }

  token(key: Buffer): Buffer {
    return Buffer.concat([this.prefix, TOKEN, key]);
  }

  /** `<prefix>t:`, what the sharded scripts put in front of a shard's two hex digits. */
  shardPrefix(): Buffer {
    return Buffer.concat([this.prefix, SHARD]);
  }

  shard(n: number): Buffer {
    return Buffer.concat([this.prefix, SHARD, Buffer.from(n.toString(16).padStart(2, '0'))]);
  }

  tokenOf(redisKey: Buffer): Buffer {
    return Buffer.from(redisKey.subarray(this.prefix.length + TOKEN.length));
  }

  seen(id: string): Buffer {
    return Buffer.concat([this.prefix, SEEN, Buffer.from(id, 'utf8')]);
  }

  seenIdOf(redisKey: Buffer): string {
    return redisKey.subarray(this.prefix.length + SEEN.length).toString('utf8');
  }

  magic(name: string): Buffer {
    return Buffer.concat([this.prefix, MAGIC, Buffer.from(name, 'latin1')]);
  }

  reputation(key: string): Buffer {
    return Buffer.concat([this.prefix, AWL, Buffer.from(key, 'utf8')]);
  }

  reputationOf(redisKey: Buffer): string {
    return redisKey.subarray(this.prefix.length + AWL.length).toString('utf8');
  }

  tokenPattern(): string {
    return this.pattern(TOKEN);
  }

  shardPattern(): string {
    return this.pattern(SHARD);
  }

  seenPattern(): string {
    return this.pattern(SEEN);
  }

  magicPattern(): string {
    return this.pattern(MAGIC);
  }

  reputationPattern(): string {
    return this.pattern(AWL);
  }

  /** A SCAN MATCH pattern for one key family; glob characters of the prefix are escaped. */
  private pattern(family: Buffer): string {
    const escaped = this.prefix.toString('utf8').replace(/[*?[\]\\]/g, (c) => `\\${c}`);
    return `${escaped}${family.toString('latin1')}*`;
  }
}

const TOKEN = Buffer.from('w:');
const SEEN = Buffer.from('s:');
const SHARD = Buffer.from('t:');
const MAGIC = Buffer.from('v:');
const AWL = Buffer.from('awl:');
