-- wrk script: every request is a BatchPutMetrics of 10 new points (unique millisecond timestamps and steps, from an
-- hour before wrk started) for the wrk thread's own trial component, with a well-formed (unverified) SigV4 header:
-- local mode only. Run one connection per thread (-tN -cN) to give each connection its own trial component, as the
-- Java load generator does. The run's prefix (wrk-put.lua's first argument, after --) keeps runs apart.
local counter = 0
local threads = {}
local base = os.time() - 3600
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
  local pts = {}
  for i = 0, 9 do
    local ms = counter * 10 + i
    pts[#pts + 1] = string.format('{"MetricName":"loss","Timestamp":%d.%03d,"Step":%d,"Value":%f}', base + math.floor(ms / 1000), ms % 1000, ms, i * 0.5)
  end
  local body = '{"TrialComponentName":"' .. prefix .. '-' .. tid .. '","MetricData":[' .. table.concat(pts, ",") .. ']}'
  local date = os.date("!%Y%m%dT%H%M%SZ")
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Amz-Date"] = date,
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=123456789012/" .. string.sub(date, 1, 8) .. "/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" .. string.rep("0", 64)
  }
  return wrk.format("PUT", "/BatchPutMetrics", headers, body)
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
