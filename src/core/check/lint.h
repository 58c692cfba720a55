// The lint pass: rules beyond the class definitions (TS3xxx limits, TS4xxx references, TS5xxx
// secrets, TS7xxx hygiene), run on a built and validated model. Lint findings never change
// ImportSequence's ReturnValue (their rules carry no HRESULT); they change the exit status
// only through --fail-on.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/diagnostic.h"
#include "tsimport/import.h"
#include "tsimport/model.h"

namespace tsimport::detail {

/// Size limits of the stored sequence (TS3006, TS3007), in bytes of UTF-16 text.
inline constexpr std::uint64_t kSequenceSizeLimit = 2u * 1024u * 1024u;
inline constexpr std::uint64_t kSequenceSizeWarning = kSequenceSizeLimit / 4u * 3u;
/// The most EstimateStoredSize can give for each byte of the text a sequence was read from
/// (TaskSequence::text_bytes): UTF-16, so two bytes a code unit, and at most six code units for
/// a byte of text (a '"' written as it is in a value quoted with '\'' becomes "&quot;"; a '<'
/// in CDATA, "&lt;"; a character of several bytes is one or two units; a self-closing
/// <name/> of 3 + n bytes becomes <name></name>, 5 + 2n units). A test holds every sample and
/// corpus file, and the worst cases, to it.
inline constexpr std::uint64_t kStoredBytesPerTextByte = 12;

/// Runs every lint rule on `ts` and appends its findings to `diagnostics`; fills
/// `dependencies` with every package, application and task sequence the steps use (and the
/// package's boot image, from `package`).
void Lint(const TaskSequence& ts, const std::string& file, const Catalog& catalog,
          const std::vector<PackageProperty>& package, std::vector<Diagnostic>& diagnostics,
          std::vector<ExternalDependency>& dependencies);

/// The literal passwords a command line passes to switches named like a password
/// (`-Password "x"`, `/password:x`, `/pwd:x`) or sets as properties named like one
/// (`PASSWORD=x`, `SERVICEPASSWORD="x"`, as msiexec takes them; TS5006): each switch, as
/// written with its dash or slash (a property: its name), and its value. Values that are
/// variables (%X%, $x), switches, true/false... are not literal.
std::vector<std::pair<std::string, std::string>> LiteralPasswords(const std::string& line);

/// False when `text` cannot hold a switch LiteralPasswords finds: every such name holds "pwd"
/// or "passw" in some case. One fast pass, to skip the word-by-word scan (and its copies) of
/// the long lines a quoted diagnostic masks.
bool MayHoldPasswordSwitch(std::string_view text);

/// The estimated size of the sequence as ConfigMgr stores it: the UTF-16 bytes of its XML,
/// written without indentation.
std::uint64_t EstimateStoredSize(const TaskSequence& ts);

}  // namespace tsimport::detail
