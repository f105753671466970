#!lua name=redcast

-- redcast's Redis function library, loaded by every node with FUNCTION LOAD REPLACE.
--
-- One channel keeps two keys in one hash slot (so Redis Cluster works):
--   <prefix>redcast:{<channel>}:meta    hash: o = last offset, e = epoch
--   <prefix>redcast:{<channel>}:stream  stream: entry id <offset>-0, fields t (ms), m (envelope)
-- The epoch is made by a publish that finds the meta key missing, i.e. whenever the history was
-- lost (never written, expired, evicted, Redis restarted without persistence). The offset lives in
-- the same hash as the epoch, so it can only restart together with a new epoch; a stream left over
-- from an older epoch is deleted at that moment.
--
-- FCALL redcast_publish 2 <stream key> <meta key> <redis channel> <payload> <max length>
--       <max age seconds> [from [wtf8]]
--   appends to the stream (capped by length and age), publishes the envelope on the channel and
--   returns {offset, epoch}. An empty from means none; wtf8 = '1' marks text keeping a lone
--   surrogate in its 3-byte form (the header gets "w":1, so nodes write it back as its escape).
-- FCALL redcast_publish 3 <stream key> <meta key> <idempotency key> <redis channel> <payload>
--       <max length> <max age seconds> <from> <wtf8> <window ms>
--   the same, at most once per idempotency key: the first call stores '<offset>:<epoch>' under
--   the key for <window ms>; a call that finds the key publishes nothing and returns
--   {offset, epoch, 1}, the first call's result.
-- FCALL redcast_publish_live 1 <idempotency key> <redis channel> <message> <window ms>
--   PUBLISH for a channel without history, at most once per idempotency key: returns 1 when it
--   published, 0 when the key was taken (a retry) and nothing was published.
-- Idempotency keys are <prefix>redcast:{<channel>}:idem:<publisher's namespace and key>, in the
-- channel's hash slot like its other keys, so the check and the publish are one atomic step.
-- FCALL redcast_read 2 <stream key> <meta key> after|before <offset> <count> <max age seconds>
--   returns {offset, epoch, envelope...}: the current position and up to <count> envelopes with an
--   offset greater than (after) or less than (before, 0 = no bound; newest first) <offset>.
--   Read-only (registered with the no-writes flag, so Redis enforces it): a channel without a meta
--   key answers {0, ''} (no history yet) and nothing is created, so reading unused names cannot
--   fill Redis. Its first publish makes the epoch.

-- The meta key outlives the stream by a day, so a client whose history merely expired while the
-- channel was idle is told "nothing missed" rather than "history lost".
local META_GRACE_MS = 86400000
local TRIM_BATCH = 64
local TRIM_ROUNDS = 16

-- Offsets are Lua numbers, i.e. doubles: exact up to 2^53 - 1, which is also the largest integer a
-- JavaScript client reads exactly from JSON. A channel at this offset refuses further publishes
-- (with an error starting 'ERR redcast: offset limit') rather than lose exactness; at a million
-- messages a second it takes 285 years to get there.
local MAX_OFFSET = 9007199254740991

-- An offset as decimal digits. Never concatenate a number with '..': Lua formats it with %.14g,
-- which turns 100000000000000 into '1e+14', not a valid stream id.
local function int(n)
    return string.format('%d', n)
end

local function number_arg(v, name)
    local n = tonumber(v)
    if not n or n < 1 or n ~= math.floor(n) then
        error('ERR redcast: ' .. name .. ' must be a whole number >= 1, got ' .. tostring(v))
    end
    return n
end

local function channel_keys(keys, fn)
    if not keys[1] or not keys[2] then
        error('ERR ' .. fn .. ' needs 2 keys: <stream key> <meta key>')
    end
    return keys[1], keys[2]
end

local function now_ms()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), t
end

-- Returns offset, epoch of the channel, creating a fresh epoch when the history was lost.
local function ensure_meta(stream, meta, max_age_ms)
    local m = redis.call('HMGET', meta, 'o', 'e')
    if m[1] and m[2] then
        return tonumber(m[1]), m[2]
    end
    local _, t = now_ms()
    local epoch = string.format('%08x%05x', tonumber(t[1]), tonumber(t[2]))
    redis.call('DEL', stream)
    redis.call('HSET', meta, 'o', 0, 'e', epoch)
    redis.call('PEXPIRE', meta, max_age_ms + META_GRACE_MS)
    return 0, epoch
end

-- Drops entries older than cutoff from the head of the stream; bounded work per call, the rest
-- goes on the next publish (reads filter by age as well).
local function trim_age(stream, cutoff)
    for _ = 1, TRIM_ROUNDS do
        local head = redis.call('XRANGE', stream, '-', '+', 'COUNT', TRIM_BATCH)
        if #head == 0 then
            return
        end
        for i, entry in ipairs(head) do
            if tonumber(entry[2][2]) >= cutoff then
                if i > 1 then
                    redis.call('XTRIM', stream, 'MINID', entry[1])
                end
                return
            end
        end
        local last = head[#head][1]
        local offset = tonumber(string.match(last, '^(%d+)'))
        redis.call('XTRIM', stream, 'MINID', int(offset + 1) .. '-0')
        if #head < TRIM_BATCH then
            return
        end
    end
end

local function publish(keys, args)
    local stream, meta = channel_keys(keys, 'redcast_publish')
    local channel, payload = args[1], args[2]
    if not channel or not payload then
        error('ERR redcast_publish needs <channel> <payload> <max length> <max age seconds> [from]')
    end
    local max_len = number_arg(args[3], 'max length')
    local max_age_ms = number_arg(args[4], 'max age seconds') * 1000
    local from = args[5]
    local wtf8 = args[6] == '1' and ',"w":1' or ''
    local idem = keys[3]
    local window_ms
    if idem then
        window_ms = number_arg(args[7], 'window ms')
        local earlier = redis.call('GET', idem)
        if earlier then
            local o, e = string.match(earlier, '^(%d+):(.*)$')
            if o then
                return {tonumber(o), e, 1}
            end
        end
    end
    local ts = now_ms()
    local last, epoch = ensure_meta(stream, meta, max_age_ms)
    if last >= MAX_OFFSET then
        error('ERR redcast: offset limit ' .. int(MAX_OFFSET) .. ' reached on ' .. meta)
    end
    local offset = redis.call('HINCRBY', meta, 'o', 1)
    local header
    if from and from ~= '' then
        header = string.format('{"f":%s,"t":%d,"o":%d,"e":"%s"%s}', cjson.encode(from), ts, offset,
            epoch, wtf8)
    else
        header = string.format('{"t":%d,"o":%d,"e":"%s"%s}', ts, offset, epoch, wtf8)
    end
    local envelope = '\0rc1' .. header .. '\n' .. payload
    redis.call('XADD', stream, 'MAXLEN', max_len, int(offset) .. '-0', 't', int(ts), 'm', envelope)
    trim_age(stream, ts - max_age_ms)
    redis.call('PEXPIRE', stream, max_age_ms)
    redis.call('PEXPIRE', meta, max_age_ms + META_GRACE_MS)
    redis.call('PUBLISH', channel, envelope)
    if idem then
        redis.call('SET', idem, int(offset) .. ':' .. epoch, 'PX', window_ms)
    end
    return {offset, epoch}
end

local function publish_live(keys, args)
    local idem = keys[1]
    local channel, message = args[1], args[2]
    if not idem or not channel or not message then
        error('ERR redcast_publish_live needs 1 key and <channel> <message> <window ms>')
    end
    local window_ms = number_arg(args[3], 'window ms')
    if not redis.call('SET', idem, '-', 'NX', 'PX', window_ms) then
        return 0
    end
    redis.call('PUBLISH', channel, message)
    return 1
end

local function read(keys, args)
    local stream, meta = channel_keys(keys, 'redcast_read')
    local mode = args[1]
    local from = tonumber(args[2])
    local count = number_arg(args[3], 'count')
    number_arg(args[4], 'max age seconds') -- checked for the callers' sake; reads filter by age
    if (mode ~= 'after' and mode ~= 'before') or not from or from < 0 then
        error('ERR redcast_read needs after|before <offset> <count> <max age seconds>')
    end
    local m = redis.call('HMGET', meta, 'o', 'e')
    if not (m[1] and m[2]) then
        return {0, ''}
    end
    local out = {tonumber(m[1]), m[2]}
    local entries
    if mode == 'after' then
        entries = redis.call('XRANGE', stream, int(from + 1) .. '-0', '+', 'COUNT', count)
    elseif from == 0 then
        entries = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', count)
    elseif from <= 1 then
        entries = {}
    else
        entries = redis.call('XREVRANGE', stream, int(from - 1) .. '-0', '-', 'COUNT', count)
    end
    for _, entry in ipairs(entries) do
        out[#out + 1] = entry[2][4]
    end
    return out
end

redis.register_function('redcast_publish', publish)
redis.register_function('redcast_publish_live', publish_live)
redis.register_function{
    function_name = 'redcast_read',
    callback = read,
    flags = {'no-writes'},
}
