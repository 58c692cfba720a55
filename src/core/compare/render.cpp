#include "compare/render.h"

#include <algorithm>
#include <cstdint>

#include "tsimport/import.h"

namespace tsimport::compare {
namespace {

bool SameBlock(const Change& a, const Change& b) {
  return a.scope == b.scope && a.path == b.path && a.old_path == b.old_path && a.step == b.step &&
         a.old_step == b.old_step && a.kind != ChangeKind::kRemoved &&
         b.kind != ChangeKind::kRemoved && b.kind != ChangeKind::kAdded;
}

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

/// Display width of a UTF-8 line, counting each code point as one column.
std::size_t Columns(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::vector<Block> Blocks(const DiffResult& diff) {
  std::vector<Block> blocks;
  for (const auto& c : diff.changes) {
    if (blocks.empty() || !SameBlock(*blocks.back().first, c)) {
      blocks.push_back(Block{&c, {}});
    }
    blocks.back().changes.push_back(&c);
  }
  return blocks;
}

std::string SummaryText(const DiffResult& diff, const std::vector<Block>& blocks) {
  if (diff.Equal()) return "no changes";
  std::size_t steps = 0;
  for (const auto& b : blocks) steps += b.first->scope == ChangeScope::kStep;
  std::string s = Plural(diff.changes.size(), "change");
  if (steps > 0) s += " in " + Plural(steps, "step");
  std::string kinds;
  for (ChangeKind k : {ChangeKind::kAdded, ChangeKind::kRemoved, ChangeKind::kMoved,
                       ChangeKind::kRenamed, ChangeKind::kModified}) {
    if (std::size_t n = diff.Count(k); n > 0)
      kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + ChangeKindName(k);
  }
  return s + ": " + kinds;
}

std::string SideFacts(const DiffSide& side) {
  std::string s;
  if (!side.package_id.empty()) s += "package " + side.package_id + ", ";
  s += "version " + (side.schema_version.empty() ? std::string("?") : side.schema_version) + ", " +
       (side.dialect == "mdt" ? "MDT" : "ConfigMgr") + ", " + Plural(side.groups, "group") + ", " +
       Plural(side.steps, "step");
  if (side.hresult != 0) {
    s += "; would not import: " + Plural(side.errors, "error") + ", ReturnValue " +
         FormatHResult(side.hresult);
  }
  return s;
}

std::string SideInput(const DiffSide& side) {
  return side.member.empty() ? side.input : side.input + "!" + side.member;
}

std::string BlockTitle(const Block& block) {
  switch (block.first->scope) {
    case ChangeScope::kTaskSequence:
      return "Task sequence";
    case ChangeScope::kPackage:
      return "Package";
    case ChangeScope::kStep:
      break;
  }
  return block.first->path;
}

std::string BlockNumber(const Block& block) {
  const Change& c = *block.first;
  if (c.scope != ChangeScope::kStep) return {};
  if (c.step >= 0) return std::to_string(c.step);
  if (c.old_step >= 0) return "(was " + std::to_string(c.old_step) + ")";
  return "-";
}

std::vector<DiffLine> LineDiff(const std::vector<std::string>& a, const std::vector<std::string>& b,
                               int context) {
  // The common start and end, then a longest common subsequence of the rest (or, past a size,
  // all of the rest removed and added).
  std::size_t lo = 0;
  while (lo < a.size() && lo < b.size() && a[lo] == b[lo]) ++lo;
  std::size_t ea = a.size(), eb = b.size();
  while (ea > lo && eb > lo && a[ea - 1] == b[eb - 1]) {
    --ea;
    --eb;
  }
  std::vector<DiffLine> all;
  for (std::size_t i = 0; i < lo; ++i) all.push_back({LineOp::kSame, a[i]});
  const std::size_t n = ea - lo, m = eb - lo;
  if (n * m <= 4'000'000) {
    std::vector<std::uint32_t> len((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return len[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) =
            a[lo + i] == b[lo + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[lo + i] == b[lo + j]) {
        all.push_back({LineOp::kSame, a[lo + i]});
        ++i;
        ++j;
      } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
        all.push_back({LineOp::kRemoved, a[lo + i]});
        ++i;
      } else {
        all.push_back({LineOp::kAdded, b[lo + j]});
        ++j;
      }
    }
  } else {
    for (std::size_t i = lo; i < ea; ++i) all.push_back({LineOp::kRemoved, a[i]});
    for (std::size_t j = lo; j < eb; ++j) all.push_back({LineOp::kAdded, b[j]});
  }
  for (std::size_t i = ea; i < a.size(); ++i) all.push_back({LineOp::kSame, a[i]});
  if (context < 0) return all;

  // Keep `context` same lines around each change; a run left out becomes one kSkipped line.
  const auto c = static_cast<std::size_t>(context);
  std::vector<bool> keep(all.size(), false);
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (all[k].op == LineOp::kSame) continue;
    const std::size_t from = k >= c ? k - c : 0;
    const std::size_t to = std::min(all.size(), k + c + 1);
    for (std::size_t q = from; q < to; ++q) keep[q] = true;
  }
  std::vector<DiffLine> out;
  std::size_t skipped = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (keep[k]) {
      if (skipped > 0) out.push_back({LineOp::kSkipped, std::to_string(skipped)});
      skipped = 0;
      out.push_back(std::move(all[k]));
    } else {
      ++skipped;
    }
  }
  if (skipped > 0 && !out.empty()) out.push_back({LineOp::kSkipped, std::to_string(skipped)});
  return out;
}

std::vector<DiffLine> BlockLines(const Change& c) {
  const bool list = c.old_value.list || c.new_value.list;
  std::vector<DiffLine> lines = LineDiff(c.old_value.lines, c.new_value.lines, list ? 0 : 2);
  std::vector<DiffLine> out;
  for (auto& l : lines) {
    if (l.op == LineOp::kSkipped) {
      if (list) continue;  // a list shows what was removed and added
      l.text = "... (" + l.text + (l.text == "1" ? " line)" : " lines)");
    }
    out.push_back(std::move(l));
  }
  return out;
}

std::string ChangeNote(const Change& c) {
  if (c.secret) return " (secret: masked)";
  if (c.property == "Enabled" && !c.new_value.lines.empty())
    return c.new_value.lines.front() == "false" ? " (disabled)" : " (enabled)";
  return {};
}

std::string OneLine(const DiffValue& v) { return v.lines.empty() ? "(unset)" : v.lines.front(); }

bool Inline(const Change& c, std::size_t max_width) {
  if (c.old_value.list || c.new_value.list) return false;
  if (c.old_value.lines.size() > 1 || c.new_value.lines.size() > 1) return false;
  return Columns(c.property) + Columns(OneLine(c.old_value)) + Columns(OneLine(c.new_value)) + 6 <=
         max_width;
}

}  // namespace tsimport::compare
