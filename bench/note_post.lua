-- POST /api/v1/cases/{id}/notes: a durable, audited note write on a random case.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local ids
local token = os.getenv("YORISOI_TOKEN")
local body = '{"body":"ベンチマーク用のダミー経過記録。学校より連絡あり、本児は元気に登校している。"}'

function init(args)
  ids = common.lines(os.getenv("YORISOI_IDS"))
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("POST", "/api/v1/cases/" .. id .. "/notes",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

done = common.done
