// One EventValidator shared by threads gives every thread the same answers (the schemas use
// patterns, which RapidJSON's built-in regex could not match concurrently; see
// engine/validate/rapidjson_std_regex.hpp). Run under -DSIGIL_TSAN=ON to check for races.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "engine/validate/event_validator.hpp"
#include "schemas/test_events.hpp"

TEST_CASE("validator - shared by threads") {
  const sigil::EventValidator validator;
  std::vector<std::string> events = sigil::test::fixture_events();
  const std::string bad = R"({"kind":"prompt","time":"yesterday","session":{"id":"s"},"user":{"id":"u"},)"
                          R"("trace":{"id":"not-hex"}})";
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        for (const std::string& event : events)
          if (!validator.validate(event).empty()) ++wrong;
        if (validator.validate(bad).size() != 2) ++wrong;
      }
    });
  for (std::thread& thread : threads) thread.join();
  CHECK(wrong.load() == 0);
}
