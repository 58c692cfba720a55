// The manual page tsimport(1) and the shell completions, generated from what --help prints (the
// options as DescribeApp and DescribeDiffApp declare them) and from the rule table, so that
// neither is written twice. tools/cli_docs.cpp writes them at build time; `cmake --install`
// installs them (CMakeLists.txt).
#pragma once

#include <string>
#include <string_view>

namespace tsimport::cli {

/// tsimport(1) in roff (man(7) macros): synopsis, description, the options of `tsimport` and
/// of `tsimport diff`, exit statuses, the rules, files, environment, examples.
std::string WriteManPage();

/// A completion script for "bash", "zsh" or "fish": options, the values each takes, files or
/// folders where an option takes a path, rule IDs and names where it takes a rule, the diff
/// command. Empty for another shell.
std::string WriteCompletion(std::string_view shell);

}  // namespace tsimport::cli
