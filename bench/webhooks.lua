-- wrk: a different generic webhook per request (the thread's random id and a counter make the
-- comment id), for bench/intake.sh and bench/replicas.sh.
local counter = 0
local thread_id = 0
local texts = {
  "@user you are such a clown lmao, go back to where you came from",
  "Thanks for the write-up, the second part answered my question",
  "this thread is trash and so are the people in it",
  "Does anyone know when the next release is planned?",
}
function setup(thread)
  thread:set("thread_id", math.random(1, 1000000000))
end
local prefix = "w"
function init(args)
  thread_id = wrk.thread:get("thread_id")
  prefix = args[1] or "w" -- apart for wrk runs side by side (their random ids repeat: one seed)
end
request = function()
  counter = counter + 1
  local body = string.format('{"id":"%s-%d-%d","text":"%s","author":"bench"}', prefix, thread_id, counter, texts[counter % 4 + 1])
  return wrk.format("POST", "/webhooks/generic/bench", {["Content-Type"] = "application/json"}, body)
end
