#pragma once
// The text of atlas/catalog.tsv, compiled into the binary by atlas/embed_catalog.cmake.

#include <string_view>

namespace sigil::atlas {

std::string_view embedded_catalog_text();

}  // namespace sigil::atlas
