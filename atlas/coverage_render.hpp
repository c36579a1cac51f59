#pragma once
// The renderers of render_coverage, one file each; internal to atlas/ (coverage.hpp is the API).
// Each appends one whole document to `out`.

#include <string>

#include "atlas/coverage.hpp"

namespace sigil::atlas {

void render_coverage_table(const Coverage& coverage, std::string& out);     // coverage_table.cpp
void render_coverage_markdown(const Coverage& coverage, std::string& out);  // coverage_table.cpp
void render_coverage_json(const Coverage& coverage, std::string& out);      // coverage_json.cpp
void render_coverage_navigator(const Coverage& coverage, std::string& out); // coverage_navigator.cpp

}  // namespace sigil::atlas
