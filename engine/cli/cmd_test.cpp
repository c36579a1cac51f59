// `sigil test`: run the rule tests written beside the rules (docs/rule-tests.md).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/core.h>

#include "engine/cli/commands.hpp"
#include "engine/run/file_writer.hpp"
#include "engine/testing/report.hpp"
#include "engine/testing/test_session.hpp"

namespace sigil::cli {
namespace {

struct TestOptions {
  std::vector<std::string> paths;
  std::string filter;
  std::size_t require_tests = 0;
  std::string format = "text";
  std::string output = "-";
  bool fail_fast = false;
  bool verbose = false;
};

// Exit code 3: the command line itself is wrong (docs/rule-tests.md).
constexpr int kUsage = 3;

int run_tests(const TestOptions& options) {
  if (options.format != "text" && options.format != "json" && options.format != "junit") {
    fmt::print(stderr, "sigil test: --format {}: expected text, json or junit\n", options.format);
    return kUsage;
  }
  std::unique_ptr<FileWriter> out;
  try {
    out = std::make_unique<FileWriter>(options.output);
  } catch (const std::system_error& e) {
    fmt::print(stderr, "sigil test: {}\n", e.what());
    return kUsage;
  }
  testing::SessionOptions session;
  session.paths = options.paths.empty() ? std::vector<std::string>{"rules/"} : options.paths;
  session.filter = options.filter;
  session.require_tests = options.require_tests;
  session.fail_fast = options.fail_fast;
  testing::SessionReport report = testing::run_session(session);

  for (const std::string& d : report.rule_diagnostics_text) fmt::print(stderr, "{}", d);
  if (!report.rules_ok)
    fmt::print(stderr, "sigil test: the rules did not compile; no test was run (see `sigil check`)\n");

  std::string text = options.format == "json"    ? testing::render_json(report)
                     : options.format == "junit" ? testing::render_junit(report)
                                                 : testing::render_text(report, options.verbose);
  out->write(text);
  // With a machine format in a file, people still get the one-line summary.
  if (options.format != "text" && options.output != "-") fmt::print(stderr, "{}\n", testing::summary_line(report));
  return report.exit_code();
}

}  // namespace

void add_test_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* cmd = app.add_subcommand("test", "Run the rule tests written beside the rules (x.tests.json).");
  cmd->add_option("paths", options->paths, "rule files or directories; the fixture of x.sigil is x.tests.json "
                                           "(default: rules/)");
  cmd->add_option("--filter", options->filter, "run only the cases whose rule id or name matches this glob (* and ?)");
  cmd->add_option("--require-tests", options->require_tests,
                  "every rule needs at least N cases, one expecting it to fire and one expecting it not to");
  cmd->add_option("--format", options->format, "text, json, or junit (JUnit XML for CI systems)")
      ->capture_default_str();
  cmd->add_option("--output", options->output, "write the report here (default: stdout)");
  cmd->add_flag("--fail-fast", options->fail_fast, "stop after the first case that fails");
  cmd->add_flag("-v,--verbose", options->verbose, "show the alerts of passing cases and the full coverage");
  cmd->footer(
      "Examples:\n"
      "  sigil test\n"
      "  sigil test rules/prompt/injection.sigil --filter 'prompt_*'\n"
      "  sigil test rules/ --require-tests 2 --format junit --output sigil-tests.xml\n"
      "Exit codes: 0 all passed, 1 a case failed (or a rule lacks tests), 2 a rule or fixture did not\n"
      "compile or validate, 3 usage.");
  cmd->callback([&action, options] { action = [options] { return run_tests(*options); }; });
}

}  // namespace sigil::cli
