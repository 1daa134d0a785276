-- OverloadRateIT's load, driven by wrk: run with as many threads as connections (wrk -t N -c N), so that each
-- thread has one connection and gets its answers in the order it sent its requests. Thread t's k-th request
-- (k from 0) is a BatchPutMetrics of 10 new points, steps 10k..10k+9 at $OVERLOAD_T0_MS plus the step in
-- milliseconds, value = step, for trial component $OVERLOAD_PREFIX-t, with a well-formed but unverified SigV4
-- header by $OVERLOAD_ACCESS_KEY (local mode). Each thread logs the answers that were not 200 to
-- $OVERLOAD_DIR/answers-t as "k status retry-after"; done() writes "t sent answered" for every thread to
-- $OVERLOAD_DIR/threads.
local dir = os.getenv("OVERLOAD_DIR")
local t0 = tonumber(os.getenv("OVERLOAD_T0_MS"))
local prefix = os.getenv("OVERLOAD_PREFIX")
local accessKey = os.getenv("OVERLOAD_ACCESS_KEY")
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  -- wrk calls the first thread's request() once more, before its loop starts, to check the script's requests
  -- (script_verify_request); that request is never sent, so it must not take a number.
  verifying = tid == 0
  sent = 0
  answered = 0
  log = io.open(dir .. "/answers-" .. tid, "w")
end

function request()
  local first = sent * 10
  if verifying then
    verifying = false
  else
    sent = sent + 1
  end
  local points = {}
  for i = 0, 9 do
    local step = first + i
    local ms = t0 + step
    points[i + 1] = string.format('{"MetricName":"loss","Timestamp":%d.%03d,"Step":%d,"Value":%d}',
      math.floor(ms / 1000), ms % 1000, step, step)
  end
  local body = '{"TrialComponentName":"' .. prefix .. "-" .. tid .. '","MetricData":[' .. table.concat(points, ",") .. ']}'
  local date = os.date("!%Y%m%dT%H%M%SZ")
  return wrk.format("PUT", "/BatchPutMetrics", {
    ["Content-Type"] = "application/json",
    ["X-Amz-Date"] = date,
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. accessKey .. "/" .. string.sub(date, 1, 8)
      .. "/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
      .. string.rep("0", 64)
  }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    log:write(answered, " ", status, " ", headers["Retry-After"] or "-", "\n")
    log:flush()
  end
  answered = answered + 1
end

function done(summary, latency, requests)
  local out = io.open(dir .. "/threads", "w")
  for _, thread in ipairs(threads) do
    out:write(thread:get("tid"), " ", thread:get("sent"), " ", thread:get("answered"), "\n")
  end
  out:close()
  io.write(string.format("errors: connect %d read %d write %d status %d timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
