-- Stops each wrk thread after LIMIT responses (LIMIT from the environment), to fill the journal to a size.
local seen = 0
local limit = tonumber(os.getenv("LIMIT") or "1000")
wrk.headers["Authorization"] = os.getenv("AUTH") or ""
response = function(status, headers, body)
  seen = seen + 1
  if seen >= limit then wrk.thread:stop() end
end
