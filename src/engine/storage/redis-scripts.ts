/**
 * The Lua scripts of the Redis stores. Each runs atomically on the server,
 * so a scan's read is one round trip and a learn cannot interleave with
 * another scanner's learn. These serve SpamAssassin's key layout
 * (BayesStore::Redis, token format 2, plus an `a` field for the atime
 * SpamAssassin lacks); the sharded layout's are in redis-sharded-scripts.ts:
 *
 *   <prefix>w:<5-byte token>   hash  s=<spam> h=<ham> a=<atime>
 *   <prefix>s:<message id>     string 's' | 'h'
 *   <prefix>v:<NAME>           string counters: DB_VERSION NSPAM NHAM TOKEN_FORMAT NTOKENS ...
 *   <prefix>awl:<addr|ip=blk>  hash  c=<count> t=<total> l=<lastHit>   (reputation, Spamward's own)
 */

/*
 * Token keys reach the scripts as one argument, the 5-byte tokens back to
 * back, plus the `<prefix>w:` they go under: building and sending a
 * thousand key arguments cost the scanner more than the read itself. Only
 * the counter keys are declared, which is all Redis needs to route the call
 * (under Cluster every key shares one hash tag, see redis-client.ts).
 */

/**
 * KEYS: v:NSPAM v:NHAM; ARGV: token key prefix, tokens → "nspam nham"
 * then, for each token in the blob's order, a comma and `spam ham atime`
 * when it is known, nothing when not: the format of redis-read-reply.ts.
 * Values go out as stored (no number conversion on the server): the
 * server's time is per token looked up, one HMGET each, which is the floor
 * of SpamAssassin's one-hash-per-token layout.
 */
export const READ_TOKENS = `
local call, sub = redis.call, string.sub
local v = call('MGET', KEYS[1], KEYS[2])
local out = { (v[1] or '0') .. ' ' .. (v[2] or '0') }
local n, pre, blob = 1, ARGV[1], ARGV[2]
for i = 1, #blob, 5 do
  local t = call('HMGET', pre .. sub(blob, i, i + 4), 's', 'h', 'a')
  n = n + 1
  if t[1] or t[2] then out[n] = (t[1] or '0') .. ' ' .. (t[2] or '0') .. ' ' .. (t[3] or '0') else out[n] = '' end
end
return table.concat(out, ',')
`;

/*
 * The steps of a learn both layouts share; each layout's script defines
 * before them `mode`, `norelearn`, `atime`, `seenttl`, `nids`, `blob`, `ntok`
 * and `change(field, delta)`, which applies the message's tokens its own way.
 * KEYS 1-7 are the counters (v:NSPAM v:NHAM v:NTOKENS v:NEWEST_TOKEN_AGE
 * v:OLDEST_TOKEN_AGE v:DB_VERSION, then the layout's format key), ids from 8.
 */

/** Finds whether one of the message's ids was learned already, and as what. */
export const FIND_SEEN = `
local found, foundkey
for i = 8, 7 + nids do
  local v = redis.call('GET', KEYS[i])
  if v == 's' or v == 'h' then found = v; foundkey = KEYS[i]; break end
end
`;

/** Unlearn/forget/learn with the counters; `tokenFormat` is the Lua value the format key starts with. */
export function learnSteps(tokenFormat: string): string {
  return `
local function count(cls, delta)
  local key = cls == 's' and KEYS[1] or KEYS[2]
  redis.call('SET', key, math.max(0, (tonumber(redis.call('GET', key)) or 0) + delta))
end
local outcome = 'learned'
if mode == 'forget' then
  if not found then return 'not-learned' end
  change(found, -1)
  count(found, -1)
  redis.call('DEL', foundkey)
  outcome = 'forgotten'
else
  if found then
    if found == mode or norelearn then return 'already-learned' end
    change(found, -1)
    count(found, -1)
    redis.call('DEL', foundkey)
    outcome = 'relearned'
  end
  change(mode, 1)
  count(mode, 1)
  if #blob > 0 then
    local newest = tonumber(redis.call('GET', KEYS[4])) or 0
    local oldest = tonumber(redis.call('GET', KEYS[5])) or 0
    if atime > newest then redis.call('SET', KEYS[4], atime) end
    if oldest == 0 or atime < oldest then redis.call('SET', KEYS[5], atime) end
  end
  if nids > 0 then
    if seenttl > 0 then redis.call('SET', KEYS[8], mode, 'EX', seenttl) else redis.call('SET', KEYS[8], mode) end
  end
end
redis.call('SET', KEYS[3], math.max(0, (tonumber(redis.call('GET', KEYS[3])) or 0) + ntok))
redis.call('SETNX', KEYS[6], 3)
redis.call('SETNX', KEYS[7], ${tokenFormat})
return outcome
`;
}

/**
 * Learn (ARGV[1] = 's' | 'h') or forget (ARGV[1] = 'forget') one message,
 * the same steps as src/engine/bayes/learn.ts: the seen check, unlearning a
 * message learned as the other class, counts clamped at 0, tokens at 0/0
 * deleted, atime never moved back, the counters.
 * KEYS: v:NSPAM v:NHAM v:NTOKENS v:NEWEST_TOKEN_AGE v:OLDEST_TOKEN_AGE v:DB_VERSION v:TOKEN_FORMAT ids…
 * ARGV: mode, noRelearn (0|1), atime, token ttl, seen ttl, number of ids, token key prefix, tokens.
 * Returns learned | relearned | already-learned | forgotten | not-learned.
 */
export const LEARN = `
local mode, norelearn, atime = ARGV[1], ARGV[2] == '1', tonumber(ARGV[3])
local ttl, seenttl, nids = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local pre, blob = ARGV[7], ARGV[8]
${FIND_SEEN}local ntok = 0
local function change(field, delta)
  for j = 1, #blob, 5 do
    local k = pre .. string.sub(blob, j, j + 4)
    local t = redis.call('HMGET', k, 's', 'h', 'a')
    local s, h, a = tonumber(t[1]) or 0, tonumber(t[2]) or 0, tonumber(t[3]) or 0
    local existed = s > 0 or h > 0
    if field == 's' then s = math.max(0, s + delta) else h = math.max(0, h + delta) end
    if s == 0 and h == 0 then
      if existed then redis.call('DEL', k); ntok = ntok - 1 end
    else
      if not existed then ntok = ntok + 1 end
      if delta > 0 and atime > a then a = atime end
      redis.call('HSET', k, 's', s, 'h', h, 'a', a)
      if delta > 0 and ttl > 0 then redis.call('EXPIRE', k, ttl) end
    end
  end
end
${learnSteps('2')}`;

/**
 * KEYS: v:NEWEST_TOKEN_AGE; ARGV: atime, token ttl, token key prefix, tokens.
 * Renews the TTL of a scan's significant tokens, as SpamAssassin's
 * tok_touch_all does; the `a` field keeps the last learn time (one call per
 * token instead of three on every scan).
 */
export const TOUCH = `
local atime, ttl, pre, blob = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]
if ttl > 0 then
  for i = 1, #blob, 5 do redis.call('EXPIRE', pre .. string.sub(blob, i, i + 4), ttl) end
end
if atime > (tonumber(redis.call('GET', KEYS[1])) or 0) then redis.call('SET', KEYS[1], atime) end
return 1
`;

/**
 * KEYS: v:DB_VERSION v:NSPAM v:NHAM v:TOKEN_FORMAT v:LAYOUT; ARGV: the
 * layout marker for a new database ('' for SpamAssassin's layout, which has
 * none). Initialises an empty database as SpamAssassin does (DB_VERSION 3,
 * TOKEN_FORMAT 2), or with the marker and without TOKEN_FORMAT (so
 * SpamAssassin refuses a database whose tokens it could not see). Returns
 * {DB_VERSION, TOKEN_FORMAT, LAYOUT}.
 */
export const INIT = `
if not redis.call('GET', KEYS[1]) and not redis.call('GET', KEYS[5]) then
  if ARGV[1] == '' then
    redis.call('MSET', KEYS[1], 3, KEYS[2], 0, KEYS[3], 0, KEYS[4], 2)
  else
    redis.call('MSET', KEYS[1], 3, KEYS[2], 0, KEYS[3], 0, KEYS[5], ARGV[1])
  end
end
return { redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[4]) or '0', redis.call('GET', KEYS[5]) or '' }
`;

/**
 * Compare-and-set for reputation transactions. KEYS: the keys read, then the
 * keys written. ARGV: number read, the values read (`c|t|l`, or '' when
 * absent), then the values to write ('' deletes). Returns 0 when a read key
 * changed meanwhile (the caller retries), 1 when applied.
 */
export const REPUTATION_CAS = `
local nread = tonumber(ARGV[1])
for i = 1, nread do
  local t = redis.call('HMGET', KEYS[i], 'c', 't', 'l')
  local cur = ''
  if t[1] then cur = t[1] .. '|' .. (t[2] or '') .. '|' .. (t[3] or '') end
  if cur ~= ARGV[1 + i] then return 0 end
end
for i = nread + 1, #KEYS do
  local v = ARGV[1 + i]
  if v == '' then
    redis.call('DEL', KEYS[i])
  else
    local c, t, l = string.match(v, '^([^|]*)|([^|]*)|([^|]*)$')
    redis.call('HSET', KEYS[i], 'c', c, 't', t, 'l', l)
  end
end
return 1
`;
