-- wrk script for the benchmarks: sends the prepared requests of BENCH_REQUESTS in order, one
-- request per line ("<path>\t<X-Twilio-Signature>\t<form body>"), thread i taking lines i, i+n,
-- ...; counts answers that lack BENCH_EXPECT (e.g. an apology instead of a menu) or are not 200;
-- starts again at the top when the lines run out if BENCH_CYCLE is "1" (stateless targets),
-- else counts the extra requests as "exhausted"; prints one line "BENCH key=value ..." at the end.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  thread:set("count", 0)
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("BENCH_THREADS"))
  expect = os.getenv("BENCH_EXPECT")
  cycle = os.getenv("BENCH_CYCLE") == "1"
  lines = {}
  local i = 0
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if i % n == id then
      local path, signature, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      lines[#lines + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
      }, body)
    end
    i = i + 1
  end
  sent, bad, exhausted = 0, 0, 0
end

function request()
  if sent >= #lines and cycle then
    sent = 0
  elseif sent >= #lines then
    -- Out of prepared requests: repeat the last one and say so, rather than stop quietly.
    exhausted = exhausted + 1
    return lines[#lines]
  end
  sent = sent + 1
  return lines[sent]
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, expect, 1, true) then
    bad = bad + 1
  end
  wrk.thread:set("bad", bad)
  wrk.thread:set("exhausted", exhausted)
end

function done(summary, latency, requests)
  local bad_total, exhausted_total = 0, 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + (thread:get("bad") or 0)
    exhausted_total = exhausted_total + (thread:get("exhausted") or 0)
  end
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d bad=%d socket_errors=%d exhausted=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    bad_total, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, exhausted_total))
end
