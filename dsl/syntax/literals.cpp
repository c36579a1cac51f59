#include "dsl/syntax/literals.hpp"

#include <fmt/format.h>

#include <charconv>
#include <system_error>

#include "dsl/syntax/parse_state.hpp"
#include "engine/ingest/utf8.hpp"

namespace sigil::dsl::syntax {
namespace {

[[noreturn]] void fail(const char* code, std::size_t offset, std::size_t length, std::string message,
                       std::string hint = {}) {
  SyntaxError error;
  error.code = code;
  error.offset = offset;
  error.length = length;
  error.message = std::move(message);
  if (!hint.empty()) error.hints.push_back(std::move(hint));
  throw error;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads XXXX after "\u" at body[i]; -1 if they are not four hex digits.
long read_hex4(std::string_view body, std::size_t i) {
  if (i + 4 > body.size()) return -1;
  long value = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int digit = hex_value(body[i + k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}


constexpr const char* escape_hint = "escapes are \\\" \\\\ \\n \\t and \\uXXXX; write `\\\\` for a backslash";

}  // namespace

std::string unescape_string(std::string_view body, std::size_t body_offset) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    const std::size_t at = body_offset + i;
    const char c = i + 1 < body.size() ? body[i + 1] : '\0';
    switch (c) {
      case '"': out += '"'; ++i; continue;
      case '\\': out += '\\'; ++i; continue;
      case 'n': out += '\n'; ++i; continue;
      case 't': out += '\t'; ++i; continue;
      case 'u': break;
      default:
        fail("E-BAD-ESCAPE", at, 2, fmt::format("unknown escape `\\{}` in a string", c), escape_hint);
    }
    long cp = read_hex4(body, i + 2);
    if (cp < 0) fail("E-BAD-ESCAPE", at, 2, "`\\u` must be followed by four hex digits", escape_hint);
    std::size_t length = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate needs its low half: \uD83D\uDE00
      const long low = i + 7 < body.size() && body[i + 6] == '\\' && body[i + 7] == 'u'
                           ? read_hex4(body, i + 8) : -1;
      if (low < 0xDC00 || low > 0xDFFF) {
        fail("E-BAD-ESCAPE", at, 6, "a UTF-16 high surrogate must be followed by a low surrogate");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      length = 12;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      fail("E-BAD-ESCAPE", at, 6, "a UTF-16 low surrogate without its high half");
    }
    append_utf8(out, static_cast<std::uint32_t>(cp));
    i += length - 1;
  }
  return out;
}

void parse_number(std::string_view token, std::size_t token_offset, ValueExpr& out) {
  const auto bad = [&](std::string why) {
    fail("E-BAD-NUMBER", token_offset, token.size(),
         fmt::format("`{}` is not a number: {}", token, why),
         "numbers look like 42, -7, 0.8 or 1.5e6; quote text that starts with a digit");
  };
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') ++i;
    return i > start;
  };
  if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
  digits();
  bool integer = true;
  if (i < token.size() && token[i] == '.') {
    ++i;
    integer = false;
    if (!digits()) bad("expected digits after the decimal point");
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    integer = false;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) bad("expected digits in the exponent");
  }
  if (i != token.size()) bad(fmt::format("unexpected `{}`", token.substr(i)));

  out.kind = ValueExpr::Kind::number;
  out.is_integer = integer;
  const char* first = token.data() + (token[0] == '+' ? 1 : 0);
  const char* last = token.data() + token.size();
  if (integer) {
    const auto [end, ec] = std::from_chars(first, last, out.integer);
    if (ec != std::errc{} || end != last) bad("it does not fit in a 64-bit integer");
    out.number = static_cast<double>(out.integer);
  } else {
    const auto [end, ec] = std::from_chars(first, last, out.number);
    if (ec != std::errc{} || end != last) bad("it is out of range");
  }
}

}  // namespace sigil::dsl::syntax
