-- wrk script: every request writes 10 new points to InfluxDB 1.x as line protocol (POST /write?db=bench&precision=ms,
-- the body the Java load generator sends: loss,tc=<trial component> value=<v>,step=<n>i <ms>), for the wrk thread's
-- own trial component; InfluxDB answers 204 once they are in its WAL. One connection per thread (-tN -cN).
local counter = 0
local threads = {}
local base = (os.time() - 3600) * 1000
local prefix = "wrk"
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  if args[1] then prefix = args[1] end
end
function request()
  counter = counter + 1
  local lines = {}
  for i = 0, 9 do
    local ms = counter * 10 + i
    lines[#lines + 1] = string.format('loss,tc=%s-%d value=%f,step=%di %d', prefix, tid, i * 0.5, ms, base + ms)
  end
  return wrk.format("POST", "/write?db=bench&precision=ms", {["Content-Type"] = "text/plain"}, table.concat(lines, "\n") .. "\n")
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
