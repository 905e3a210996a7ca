-- wrk script: POST ~700-byte signed JSON webhooks, a new delivery id on every request.
-- Adapted from /work/shared/bench/webhook.lua: wrk's Lua has no HMAC, so the ids and their
-- signatures come from a pool written by bench/gen_pool.py (body template + "id<TAB>hex" lines).
-- usage: wrk -s webhook.lua -t2 -c64 -d12s URL -- POOLPREFIX      (thread k reads POOLPREFIX-t<k>.txt)
-- Ids never repeat unless a thread sends more requests than its file holds; it then starts over,
-- and done() reports those requests as wrapped=N (they are duplicates).
local threads = {}
local nsetup = 0
function setup(thread)
  nsetup = nsetup + 1
  thread:set("tid", nsetup)
  table.insert(threads, thread)
end

local ids, sigs = {}, {}
local A, B, C
local head
counter = 0
npool = 0

function init(args)
  local prefix = args[1] or error("usage: wrk ... URL -- POOLPREFIX")
  local path = prefix .. "-t" .. (tid or 1) .. ".txt"
  local f = assert(io.open(path, "rb"))
  local first = f:read("*l")
  local _, a, b, c = first:match("^(T)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
  assert(a, "bad pool header in " .. path)
  A, B, C = a, b, c
  for line in f:lines() do
    local tab = line:find("\t", 1, true)
    npool = npool + 1
    ids[npool], sigs[npool] = line:sub(1, tab - 1), line:sub(tab + 1)
  end
  f:close()
  head = "POST " .. wrk.path .. " HTTP/1.1\r\nHost: " .. (wrk.headers["Host"] or wrk.host) ..
    "\r\nContent-Type: application/json\r\nX-Delivery-Id: "
end

function request()
  counter = counter + 1
  local k = (counter - 1) % npool + 1
  local id = ids[k]
  return head .. id .. "\r\nX-Signature: sha256=" .. sigs[k] .. "\r\nContent-Length: " ..
    (#A + #B + #C + 2 * #id) .. "\r\n\r\n" .. A .. id .. B .. id .. C
end

function done(summary, latency, requests)
  local sent, wrapped, pool = 0, 0, 0
  for _, t in ipairs(threads) do
    local n, p = t:get("counter") or 0, t:get("npool") or 0
    sent = sent + n
    pool = pool + p
    if n > p then wrapped = wrapped + (n - p) end
  end
  local errs = summary.errors
  io.write(string.format("RESULT reqs=%d secs=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "connect_err=%d read_err=%d write_err=%d status_err=%d timeout=%d sent=%d pool=%d wrapped=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errs.connect, errs.read, errs.write, errs.status, errs.timeout, sent, pool, wrapped))
end
