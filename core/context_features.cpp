#include "core/context_features.hpp"

#include <algorithm>
#include <array>

namespace hatewatch::core {
namespace {

// Identity terms (sorted): groups by race, ethnicity, nationality, religion, gender, sexuality and
// disability, in the plain nouns and adjectives forums use for them. Slurs are left out on purpose:
// a slur is hateful on its own and keeps its own weight.
constexpr std::array<std::string_view, 91> identity_terms{{
    "african", "africans", "american", "americans", "arab", "arabs", "asian", "asians",
    "atheist", "atheists", "bisexual", "bisexuals", "black", "blacks", "buddhist", "buddhists",
    "catholic", "catholics", "chinese", "christian", "christians", "disabled", "european", "europeans",
    "female", "females", "feminist", "feminists", "foreigner", "foreigners", "gay", "gays",
    "girls", "gypsies", "gypsy", "hindu", "hindus", "hispanic", "hispanics", "homosexual",
    "homosexuals", "immigrant", "immigrants", "indian", "indians", "islam", "islamic", "japanese",
    "jew", "jewish", "jews", "latina", "latinas", "latino", "latinos", "lesbian",
    "lesbians", "lgbt", "lgbtq", "mexican", "mexicans", "migrant", "migrants", "muslim",
    "muslims", "negro", "negroes", "nigerian", "nigerians", "pakistani", "pakistanis", "queer",
    "queers", "refugee", "refugees", "roma", "russian", "russians", "sikh", "sikhs",
    "somali", "somalis", "trans", "transgender", "transgenders", "transsexual", "transsexuals", "white",
    "whites", "woman", "women",
}};

// Negators (sorted), with and without the apostrophe (the normaliser keeps it; writers drop it).
constexpr std::array<std::string_view, 38> negators{{
    "ain't", "aint", "aren't", "arent", "can't", "cannot", "cant", "couldn't",
    "couldnt", "didn't", "didnt", "doesn't", "doesnt", "don't", "dont", "hardly",
    "isn't", "isnt", "neither", "never", "no", "nobody", "none", "nor",
    "not", "nothing", "nowhere", "shouldn't", "shouldnt", "wasn't", "wasnt", "weren't",
    "werent", "without", "won't", "wont", "wouldn't", "wouldnt",
}};

bool in(const auto& sorted, std::string_view key) {
  return std::binary_search(sorted.begin(), sorted.end(), key);
}

} // namespace

bool is_identity_term(std::string_view key) { return key.size() >= 3 && key.size() <= 13 && in(identity_terms, key); }

bool is_negator(std::string_view key) { return key.size() >= 2 && key.size() <= 9 && in(negators, key); }

} // namespace hatewatch::core
