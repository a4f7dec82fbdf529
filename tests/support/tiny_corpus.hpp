#pragma once
// A small, made-up labelled corpus for tests. It stands in for real abuse with placeholder words:
// "slurword" marks the hate-speech class, "swearword" the offensive one; the rest is neutral.

#include "core/dataset.hpp"

#include <string>
#include <vector>

namespace hatewatch::test {

inline std::vector<core::example> tiny_corpus() {
  const char* hate[] = {"those slurword people should leave",
                        "slurword go back where you came from",
                        "i hate every slurword",
                        "a slurword like you is vermin",
                        "slurword slurword out",
                        "no slurword belongs here",
                        "all slurword are the same",
                        "get rid of the slurword"};
  const char* offensive[] = {"you swearword idiot",      "shut up swearword",
                             "what a swearword day lol", "swearword this traffic",
                             "my swearword phone died",  "that swearword game last night",
                             "stop being a swearword",   "swearword swearword swearword",
                             "this swearword weather",   "damn swearword again"};
  const char* neither[] = {"lovely weather for a walk", "the game last night was great",
                           "my phone died again",       "see you at the meeting",
                           "new recipe for bread",      "traffic was slow today",
                           "happy birthday friend",     "reading a good book",
                           "the park is green",         "coffee time"};
  std::vector<core::example> out;
  for (const char* t : hate)
    out.push_back({t, core::hate_speech});
  for (const char* t : offensive)
    out.push_back({t, core::offensive_language});
  for (const char* t : neither)
    out.push_back({t, core::neither});
  return out;
}

/// Options that suit a corpus this small (every n-gram counts).
inline core::train_options tiny_options() {
  core::train_options o;
  o.features.min_df = 1;
  o.c = 10;
  return o;
}

} // namespace hatewatch::test
