// What the diff writers share: changes grouped by step, the summary line, and a line diff for
// values of several lines (scripts) and lists (rules, partitions, references).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tsimport/compare.h"

namespace tsimport::compare {

/// The changes of one step (or of the task sequence, or of the package), in order.
struct Block {
  const Change* first = nullptr;
  std::vector<const Change*> changes;
};

/// Consecutive changes of the same scope and step, one block each.
std::vector<Block> Blocks(const DiffResult& diff);

/// "9 changes in 6 steps: 1 added, 1 removed, 2 moved, 1 renamed, 4 modified"
std::string SummaryText(const DiffResult& diff, const std::vector<Block>& blocks);

/// The side's description: "version 3.10, ConfigMgr, 8 groups, 26 steps[, would not import:
/// 1 error, ReturnValue 0x80041010]".
std::string SideFacts(const DiffSide& side);

/// The side's name as given, with the zip member.
std::string SideInput(const DiffSide& side);

/// What a block's step is called in a header: its path (or "Task sequence", "Package").
std::string BlockTitle(const Block& block);

/// The execution number shown for a block: the new side's, or "(was N)" for a removed step.
std::string BlockNumber(const Block& block);

enum class LineOp { kSame, kRemoved, kAdded, kSkipped };

struct DiffLine {
  LineOp op;
  std::string text;  ///< kSkipped: how many lines were left out
};

/// The lines of old and new as kept, removed and added (a longest common subsequence), with
/// `context` kept lines around each change (a run left out is one kSkipped line); context < 0
/// keeps every line.
std::vector<DiffLine> LineDiff(const std::vector<std::string>& old_lines,
                               const std::vector<std::string>& new_lines, int context);

/// The lines of a modified value shown as a block: a list's elements removed and added; a text
/// of several lines with two lines of context, a run left out as one kSkipped line whose text
/// reads "... (N lines)".
std::vector<DiffLine> BlockLines(const Change& c);

/// What follows a modified value: " (disabled)", " (enabled)", " (secret: masked)", or nothing.
std::string ChangeNote(const Change& c);

/// Whether a modified value reads on one line as `Key: old -> new` (else: a block of lines).
bool Inline(const Change& c, std::size_t max_width);

/// A value on one line: its line, or "(unset)".
std::string OneLine(const DiffValue& v);

}  // namespace tsimport::compare
