/**
 * The Lua scripts of Spamward's sharded token layout. Tokens are fields of a
 * few hashes instead of one key each, so a scan's read costs one HMGET per
 * shard holding any of its tokens instead of one per token:
 *
 *   <prefix>t:<shard, 2 hex digits>  hash   <5-byte token> = "<spam> <ham> <atime>"
 *   <prefix>s:<message id>           string 's' | 'h'   (as in SpamAssassin's layout)
 *   <prefix>v:<NAME>                 string counters, as in SpamAssassin's layout, plus
 *   <prefix>v:LAYOUT                 string "sharded <number of shards>"
 *   <prefix>v:EXPIRY                 hash   the state of the running expiry pass
 *
 * A token's shard is its first byte modulo the number of shards (the bytes
 * are a hash, so shards fill evenly). Every key shares the store's prefix,
 * hence one Cluster hash tag: a learn updates tokens, counters and the seen
 * id in one atomic script, which Cluster allows only within one slot.
 * Tokens reach the scripts as one blob, the 5-byte tokens back to back,
 * grouped by shard, with the count of each shard.
 */

import { FIND_SEEN, learnSteps } from './redis-scripts.js';

/** Fields per HMGET/HSET/HDEL call: well under Lua's unpack() limit. */
const CHUNK = 500;

/**
 * Shared helpers. The caller sends the tokens grouped by shard (shard 0's
 * first, see groupByShard in redis-sharded-layout.ts) and how many each
 * shard has, so the script does no grouping of its own.
 * `each(pre, blob, counts, fn)` calls fn(key, fields, first, values) once
 * per chunk of a shard: the chunk's tokens, the 0-based position of its
 * first token in the blob, and the stored values (false when absent).
 */
const PRELUDE = `
local function each(pre, blob, counts, fn)
  local pos, sub = 0, string.sub
  for s = 1, #counts do
    local c = tonumber(counts[s])
    if c > 0 then
      local key = pre .. string.format('%02x', s - 1)
      for from = 0, c - 1, ${CHUNK} do
        local n, f = math.min(${CHUNK}, c - from), {}
        local at = (pos + from) * 5
        for j = 1, n do f[j] = sub(blob, at + j * 5 - 4, at + j * 5) end
        fn(key, f, pos + from, redis.call('HMGET', key, unpack(f)))
      end
      pos = pos + c
    end
  end
end
local function split(text)
  local out = {}
  for w in string.gmatch(text, '%d+') do out[#out + 1] = w end
  return out
end
local function counts(v)
  if not v then return 0, 0, 0 end
  local s, h, a = string.match(v, '^(%d+) (%d+) (%d+)$')
  return tonumber(s) or 0, tonumber(h) or 0, tonumber(a) or 0
end
`;

/**
 * KEYS: v:NSPAM v:NHAM; ARGV: shard key prefix, tokens per shard ("n0 n1
 * ..."), tokens grouped by shard → "nspam nham" then, for each token in the
 * grouped order, a comma and its value as stored ("spam ham atime") or
 * nothing (unknown): the format of redis-read-reply.ts. Each HMGET's reply
 * table is joined as it is (absent fields made empty), so the server builds
 * no index and no per-token string of its own.
 */
export const SHARDED_READ = `${PRELUDE}
local v = redis.call('MGET', KEYS[1], KEYS[2])
local out = { (v[1] or '0') .. ' ' .. (v[2] or '0') }
each(ARGV[1], ARGV[3], split(ARGV[2]), function(key, fields, first, vals)
  for j = 1, #fields do if not vals[j] then vals[j] = '' end end
  out[#out + 1] = table.concat(vals, ',')
end)
return table.concat(out, ',')
`;

/**
 * Learn (ARGV[1] = 's' | 'h') or forget ('forget') one message, the steps of
 * src/engine/bayes/learn.ts: the seen check, unlearning a message learned as
 * the other class, counts clamped at 0, tokens at 0/0 deleted, atime never
 * moved back, the counters.
 * KEYS: v:NSPAM v:NHAM v:NTOKENS v:NEWEST_TOKEN_AGE v:OLDEST_TOKEN_AGE v:DB_VERSION v:LAYOUT ids…
 * ARGV: mode, noRelearn (0|1), atime, seen ttl, number of ids, shard key prefix, tokens per shard, tokens grouped by shard, layout marker.
 * Returns learned | relearned | already-learned | forgotten | not-learned.
 */
export const SHARDED_LEARN = `${PRELUDE}
local mode, norelearn, atime = ARGV[1], ARGV[2] == '1', tonumber(ARGV[3])
local seenttl, nids, pre, pershard, blob = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], split(ARGV[7]), ARGV[8]
${FIND_SEEN}local ntok = 0
local function change(field, delta)
  each(pre, blob, pershard, function(key, fields, first, vals)
    local set, del = {}, {}
    for j = 1, #fields do
      local s, h, a = counts(vals[j])
      local existed = s > 0 or h > 0
      if field == 's' then s = math.max(0, s + delta) else h = math.max(0, h + delta) end
      if s == 0 and h == 0 then
        if vals[j] then del[#del + 1] = fields[j] end
        if existed then ntok = ntok - 1 end
      else
        if not existed then ntok = ntok + 1 end
        if delta > 0 and atime > a then a = atime end
        set[#set + 1] = fields[j]
        set[#set + 1] = s .. ' ' .. h .. ' ' .. a
      end
    end
    if #set > 0 then redis.call('HSET', key, unpack(set)) end
    if #del > 0 then redis.call('HDEL', key, unpack(del)) end
  end)
end
${learnSteps('ARGV[9]')}`;

/**
 * KEYS: v:NEWEST_TOKEN_AGE; ARGV: atime, shard key prefix, tokens per
 * shard, tokens grouped by shard. A scan's significant tokens: atime moves up to the message time,
 * as the LMDB store's touch does (expiry reads it).
 */
export const SHARDED_TOUCH = `${PRELUDE}
local atime = tonumber(ARGV[1])
each(ARGV[2], ARGV[4], split(ARGV[3]), function(key, fields, first, vals)
  local set = {}
  for j = 1, #fields do
    local s, h, a = counts(vals[j])
    if (s > 0 or h > 0) and a < atime then
      set[#set + 1] = fields[j]
      set[#set + 1] = s .. ' ' .. h .. ' ' .. atime
    end
  end
  if #set > 0 then redis.call('HSET', key, unpack(set)) end
end)
if atime > (tonumber(redis.call('GET', KEYS[1])) or 0) then redis.call('SET', KEYS[1], atime) end
return 1
`;

/** Age bins of the expiry histogram: tokens at least EXPIRY_PERIOD × 2^b older than the pass's reference atime. */
export const EXPIRY_BINS = 11;

/**
 * One small step of the running expiry pass (see redis-sharded-expiry.ts):
 * one HSCAN page of the current shard; tokens with atime below the pass's
 * cutoff are deleted, the others counted into the age histogram. When the
 * last shard is done the pass ends and the counters record it.
 * KEYS: v:EXPIRY v:NTOKENS v:OLDEST_TOKEN_AGE v:LAST_EXPIRE v:LAST_EXPIRE_REDUCE v:LAST_ATIME_DELTA
 * ARGV: shard key prefix, number of shards, HSCAN count, now.
 * Returns 'idle' (no pass running), 'step' or 'done'.
 */
export const SHARDED_EXPIRE_STEP = `
local st = redis.call('HMGET', KEYS[1], 'state', 'shard', 'cursor', 'cutoff', 'ref')
if st[1] ~= 'run' then return 'idle' end
local shard, cutoff, ref = tonumber(st[2]) or 0, tonumber(st[4]) or 0, tonumber(st[5]) or 0
local key = ARGV[1] .. string.format('%02x', shard)
local page = redis.call('HSCAN', key, st[3] or '0', 'COUNT', tonumber(ARGV[3]))
local items, del, nd, hist, kept, oldest = page[2], {}, 0, {}, 0, nil
local match, th = string.match, {}
for b = 0, ${EXPIRY_BINS} - 1 do th[b] = 43200 * 2 ^ b; hist[b] = 0 end
for i = 1, #items, 2 do
  local a = tonumber(match(items[i + 1], '^%d+ %d+ (%d+)$')) or 0
  if a < cutoff then
    nd = nd + 1
    del[nd] = items[i]
  else
    kept = kept + 1
    if not oldest or a < oldest then oldest = a end
    local age, b = ref - a, 0
    while b < ${EXPIRY_BINS} and age >= th[b] do hist[b] = hist[b] + 1; b = b + 1 end
  end
end
local removed = 0
for c = 1, #del, ${CHUNK} do removed = removed + redis.call('HDEL', key, unpack(del, c, math.min(#del, c + ${CHUNK} - 1))) end
if removed > 0 then
  redis.call('SET', KEYS[2], math.max(0, (tonumber(redis.call('GET', KEYS[2])) or 0) - removed))
  redis.call('HINCRBY', KEYS[1], 'removed', removed)
end
if kept > 0 then redis.call('HINCRBY', KEYS[1], 'kept', kept) end
for b, n in pairs(hist) do if n > 0 then redis.call('HINCRBY', KEYS[1], 'h' .. b, n) end end
if oldest then
  local o = tonumber(redis.call('HGET', KEYS[1], 'oldest'))
  if not o or oldest < o then redis.call('HSET', KEYS[1], 'oldest', oldest) end
end
if page[1] ~= '0' then
  redis.call('HSET', KEYS[1], 'cursor', page[1])
  return 'step'
end
if shard + 1 < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'shard', shard + 1, 'cursor', '0')
  return 'step'
end
local total = tonumber(redis.call('HGET', KEYS[1], 'removed')) or 0
redis.call('HSET', KEYS[1], 'state', 'done', 'ended', ARGV[4])
redis.call('SET', KEYS[4], ARGV[4])
redis.call('SET', KEYS[5], total)
if total > 0 then redis.call('SET', KEYS[6], ref - cutoff) end
local o = redis.call('HGET', KEYS[1], 'oldest')
if o then redis.call('SET', KEYS[3], o) end
return 'done'
`;

/**
 * Start a pass unless one runs or another scanner started one since the
 * caller looked. KEYS: v:EXPIRY; ARGV: the pass number the caller saw,
 * cutoff atime, reference atime, whether the cutoff includes the size goal (0|1).
 * Returns 1 when started.
 */
export const SHARDED_EXPIRE_START = `
local st = redis.call('HMGET', KEYS[1], 'state', 'pass')
if st[1] == 'run' or (st[2] or '0') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'run', 'pass', (tonumber(ARGV[1]) or 0) + 1, 'shard', 0, 'cursor', '0', 'cutoff', ARGV[2], 'ref', ARGV[3], 'sized', ARGV[4])
return 1
`;
