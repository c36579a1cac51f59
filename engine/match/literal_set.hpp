#pragma once
// LiteralSet: the literal-set implementation the rule compiler instantiates (one per distinct
// constant set, shared by every rule using it). Aho-Corasick, because it is faster than RE2::Set
// at every size measured and allocation-free; figures in engine/match/README.md.

#include "engine/match/aho_corasick.hpp"

namespace sigil::match {

using LiteralSet = AhoCorasickSet;

}  // namespace sigil::match
