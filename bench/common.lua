-- Shared by the case file wrk scripts: token from the environment, a file read into lines,
-- per-thread random choice, and a summary with p95/p99 and the count of non-2xx answers.
local M = {}

function M.lines(path)
  local out = {}
  for line in io.lines(path) do
    if #line > 0 then out[#out + 1] = line end
  end
  return out
end

function M.urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function M.done(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("p99_ms %.2f\n", latency:percentile(99) / 1000))
  local bad = summary.errors.status or 0
  io.write(string.format("non2xx %d\n", bad))
end

return M
