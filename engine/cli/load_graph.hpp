#pragma once
// Loads, checks and compiles rule files for `sigil run` (file and Kafka mode alike); prints the
// diagnostics on stderr. Null when the rules have errors (nothing must run then).

#include <memory>
#include <string>
#include <vector>

#include "engine/eval/rule_graph.hpp"

namespace sigil::cli {

std::unique_ptr<eval::RuleGraph> load_graph(const std::vector<std::string>& paths);

}  // namespace sigil::cli
