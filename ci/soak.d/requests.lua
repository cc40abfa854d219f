-- wrk script for ci/soak: a mix of platform requests over keep-alive connections.
-- Each thread stops once it has sent SOAK_THREAD_QUOTA requests; every request is counted when wrk asks
-- for it, so done() prints exactly how many requests went out (SOAK_SENT), which the journal must match.
-- SOAK_DELAY_MS paces each connection so that the quota spreads over the run instead of a burst.

local quota = tonumber(os.getenv("SOAK_THREAD_QUOTA") or "1000")
local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "0")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
  answered = 0
end

local function key(n)
  return "Bearer sk-soak-" .. id .. "-" .. (n % 16)
end

function request()
  sent = sent + 1
  local kind = sent % 10
  local headers = { ["Authorization"] = key(sent) }
  if kind < 4 then
    return wrk.format("GET", "/api/v1/credits", headers)
  elseif kind < 6 then
    return wrk.format("GET", "/api/v1/generation/gen-soak-" .. (sent % 97), headers)
  elseif kind == 6 then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/generation/kling-ai/kling-v2.6", headers, '{"prompt":"soak"}')
  elseif kind == 7 then
    headers["Authorization"] = "Bearer sk-test-soak.complete--w" .. id .. "-" .. (sent % 64)
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/generation/kling-ai/kling-v2.6", headers, '{"prompt":"soak"}')
  elseif kind == 8 then
    return wrk.format("GET", "/api/v1/no-such-endpoint", headers)
  else
    return wrk.format("GET", "/api/v1/credits", {})
  end
end

function response(status, headers, body)
  answered = answered + 1
  if sent >= quota then
    wrk.thread:stop()
  end
end

function delay()
  return pause
end

function done(summary, latency, requests)
  local total, answers = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("sent")
    answers = answers + thread:get("answered")
  end
  io.write(string.format("SOAK_SENT %d\nSOAK_ANSWERED %d\n", total, answers))
  io.write(string.format("SOAK_ERRORS connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
