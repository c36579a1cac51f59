#pragma once
// Each `sigil` subcommand lives in its own cmd_<name>.cpp and registers itself on the app.
// Registration only declares options; when CLI11 has parsed the command line, the chosen
// subcommand's callback stores in `action` the work to run, whose result is the exit code.
//
// Exit codes shared by all commands: 0 success, 1 the command's own failure (diagnostics with
// errors, failed tests), 2 usage or input errors (unknown flag, missing file). `sigil test` follows
// the rule-testing convention instead: 2 a rule or fixture did not compile, 3 usage.

#include <functional>

namespace CLI {
class App;
}

namespace sigil::cli {

using CommandAction = std::function<int()>;

void add_run_command(CLI::App& app, CommandAction& action);
void add_version_command(CLI::App& app, CommandAction& action);
void add_validate_command(CLI::App& app, CommandAction& action);
void add_atlas_command(CLI::App& app, CommandAction& action);
void add_check_command(CLI::App& app, CommandAction& action);
void add_coverage_command(CLI::App& app, CommandAction& action);
void add_plan_command(CLI::App& app, CommandAction& action);
void add_test_command(CLI::App& app, CommandAction& action);
void add_produce_command(CLI::App& app, CommandAction& action);

}  // namespace sigil::cli
