/**
 * Key names of the Redis stores (layout in redis-scripts.ts). Token keys are
 * binary: the prefix, `w:` and the 5 raw bytes of the token hash, as
 * SpamAssassin's BayesStore::Redis writes them.
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
const MAGIC = Buffer.from('v:');
const AWL = Buffer.from('awl:');
