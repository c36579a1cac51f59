#include <doctest/doctest.h>

#include <string>

#include "engine/match/base64.hpp"

using namespace sigil::match;

TEST_CASE("base64 - RFC 4648 vectors, padding removed") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg");
  CHECK(base64("fo") == "Zm8");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg");
  CHECK(base64("fooba") == "Zm9vYmE");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string("\xff\xfe\0", 3)) == "//4A");
}

TEST_CASE("base64offset - Sigma's documented vector for /bin/bash") {
  const auto e = base64offset("/bin/bash");
  CHECK(e[0] == "L2Jpbi9iYXNo");
  CHECK(e[1] == "9iaW4vYmFza");
  CHECK(e[2] == "vYmluL2Jhc2");
}

TEST_CASE("base64offset - vectors computed with pySigma's formula in Python") {
  // python3: [b64encode(i*b" "+v)[(0,2,3)[i]:(None,-3,-2)[(len(v)+i)%3]] for i in range(3)]
  auto e = base64offset("http://");
  CHECK(e[0] == "aHR0cDovL");
  CHECK(e[1] == "h0dHA6Ly");
  CHECK(e[2] == "odHRwOi8v");
  e = base64offset("IEX");
  CHECK(e[0] == "SUVY");
  CHECK(e[1] == "lFW");
  CHECK(e[2] == "JRV");
  e = base64offset("a");
  CHECK(e[0] == "Y");
  CHECK(e[1] == "");
  CHECK(e[2] == "h");
}

TEST_CASE("base64offset - each encoding occurs in the base64 of text containing the value") {
  const std::string value = "Invoke-Mimikatz";
  const auto e = base64offset(value);
  for (std::size_t shift = 0; shift < 6; ++shift) {
    const std::string encoded = base64(std::string(shift, 'x') + value + "tail");
    INFO("shift " << shift);
    CHECK(encoded.find(e[shift % 3]) != std::string::npos);
  }
}
