#pragma once
// The three classes, in the order of every probability array, file and API answer.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace hatewatch::core {

inline constexpr std::size_t class_count = 3;
inline constexpr std::array<std::string_view, class_count> class_names{"hate speech", "offensive language", "neither"};

enum label : int { hate_speech = 0, offensive_language = 1, neither = 2 };

/// Reads a label as written in training files: 0/1/2, the class names, or with '_' for ' '.
std::optional<label> parse_label(std::string_view text);

using probabilities = std::array<double, class_count>;

/// What a model trained only on corpora that tell "neither" from the rest (OffensEval's NOT / OFF)
/// distinguishes: its "neither" is a probability like any other, but how the rest splits between hate
/// speech and offensive language it cannot tell (model::tells_hate() is false).
inline constexpr std::array<std::string_view, 2> two_class_names{"neither", "not neither"};

} // namespace hatewatch::core
