// Text for a terminal: summary lines, diagnostics, the catalog and the rule table.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <utility>

#include "check/lint.h"
#include "model/text.h"
#include "tsimport/write.h"

namespace tsimport {
namespace {

using detail::AsciiLowercase;

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// --- secrets in quoted lines ---------------------------------------------------------------

constexpr std::string_view kMask = "********";

bool StartsWith(std::string_view s, std::size_t at, std::string_view prefix) {
  return s.size() >= at && s.size() - at >= prefix.size() && s.substr(at, prefix.size()) == prefix;
}

/// Names (lower case) whose <variable> holds a secret: the catalog's Secret and QuasiSecret
/// properties and their run-time variables.
const std::set<std::string>& SecretNames() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    for (const PropertyDef* p : Catalog::Builtin()->SecretProperties()) {
      out.insert(AsciiLowercase(p->name));
      if (!p->variable.empty()) out.insert(AsciiLowercase(p->variable));
    }
    return out;
  }();
  return names;
}

bool IsSecretName(std::string_view name) {
  const std::string n = AsciiLowercase(name);
  return SecretNames().count(n) > 0 || n.find("password") != std::string::npos ||
         n.find("passwd") != std::string::npos || n.find("productkey") != std::string::npos;
}

/// The five predefined entities (&amp; last: undone last).
constexpr std::pair<std::string_view, char> kEntities[] = {
    {"&quot;", '"'}, {"&apos;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}};

/// `text` with `rounds` levels of the five predefined entities undone (&amp;quot; -> ").
std::string Unescape(std::string text, std::size_t rounds) {
  for (std::size_t r = 0; r < rounds; ++r) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      bool done = false;
      for (const auto& [entity, c] : kEntities) {
        if (StartsWith(text, i, entity)) {
          out += c;
          i += entity.size();
          done = true;
          break;
        }
      }
      if (!done) out += text[i++];
    }
    text = std::move(out);
  }
  return text;
}

/// The attributes of a start tag's text (after its name), names in lower case.
std::vector<std::pair<std::string, std::string>> Attributes(std::string_view tag) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i < tag.size()) {
    while (i < tag.size() && !std::isalpha(static_cast<unsigned char>(tag[i]))) ++i;
    const std::size_t name = i;
    while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) || tag[i] == '_' ||
                              tag[i] == '-' || tag[i] == ':'))
      ++i;
    std::string key = AsciiLowercase(tag.substr(name, i - name));
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    const char quote = tag[i++];
    const std::size_t end = tag.find(quote, i);
    out.emplace_back(
        key, std::string(tag.substr(i, end == std::string_view::npos ? tag.size() - i : end - i)));
    i = end == std::string_view::npos ? tag.size() : end + 1;
  }
  return out;
}

/// False when the text of a <variable> start tag cannot make it a secret element: that needs
/// a name that holds, in some case, one of these words (IsSecretName's words and the catalog's
/// secret names that hold none of them, and "issecret"; "pwd" too, harmless; entities cannot
/// make letters, so an escaped name holds the word as written). Most tags hold none, and are
/// then not unescaped nor their attributes read: that cost as much as the import on the long
/// one-line sequences whose lines quoted diagnostics mask.
bool MayHoldSecretMarkup(std::string_view line) {
  struct Words {
    std::vector<std::string> list = {"passw", "pwd", "productkey", "issecret"};
    std::uint32_t starting[256] = {};  ///< for each byte, the words that start with it (bits)
    bool always = false;               ///< more words than bits: every line may hold one
  };
  static const Words words = [] {
    Words w;
    const std::size_t base = w.list.size();
    for (const auto& name : SecretNames()) {
      bool covered = false;
      for (std::size_t k = 0; k < base; ++k)
        covered = covered || name.find(w.list[k]) != std::string::npos;
      if (!covered) w.list.push_back(name);
    }
    if (w.list.size() > 32) {
      w.always = true;
      return w;
    }
    for (std::size_t k = 0; k < w.list.size(); ++k) {
      const auto first = static_cast<unsigned char>(w.list[k].front());
      w.starting[first] |= 1u << k;
      w.starting[static_cast<unsigned char>(std::toupper(first))] |= 1u << k;
    }
    return w;
  }();
  if (words.always) return true;
  for (std::size_t i = 0; i < line.size(); ++i) {
    for (std::uint32_t bits = words.starting[static_cast<unsigned char>(line[i])]; bits != 0;
         bits &= bits - 1) {
      const std::string& word = words.list[static_cast<std::size_t>(__builtin_ctz(bits))];
      if (detail::EqualsLower(line.substr(i, word.size()), word)) return true;
    }
  }
  return false;
}

/// The byte ranges of `line` that hold the content of a secret <variable>, at any level of
/// escaping: '<' (level 0), "&lt;" (1), "&amp;lt;" (2)...
void SecretElements(std::string_view line, std::vector<std::pair<std::size_t, std::size_t>>& out) {
  std::size_t i = 0;
  while (i < line.size()) {
    const char* const end_of_line = line.data() + line.size();
    const char* const found =
        detail::FindEither(line.data() + i, end_of_line, end_of_line, '<', '&');
    if (found == end_of_line) return;
    const auto at = static_cast<std::size_t>(found - line.data());
    std::size_t level = 0;
    std::size_t name = at + 1;
    if (line[at] == '&') {
      level = 1;
      while (StartsWith(line, name, "amp;")) {
        name += 4;
        ++level;
      }
      if (!StartsWith(line, name, "lt;")) {
        i = at + 1;
        continue;
      }
      name += 3;
    }
    i = name;
    if (!detail::EqualsLower(line.substr(std::min(name, line.size()), 8), "variable")) continue;
    const std::size_t after = name + 8;
    if (after < line.size() &&
        (std::isalnum(static_cast<unsigned char>(line[after])) || line[after] == '_'))
      continue;  // <variables>, <variableList>...
    std::string amp;
    for (std::size_t k = 1; k < level; ++k) amp += "amp;";
    const std::string gt = level == 0 ? ">" : "&" + amp + "gt;";
    const std::string lt = level == 0 ? "<" : "&" + amp + "lt;";
    // The end of the start tag: at level 0, past quoted values (they may hold '>').
    std::size_t end = std::string_view::npos;
    if (level == 0) {
      char quote = 0;
      for (std::size_t k = after; k < line.size(); ++k) {
        if (quote != 0) {
          if (line[k] == quote) quote = 0;
        } else if (line[k] == '"' || line[k] == '\'') {
          quote = line[k];
        } else if (line[k] == '>') {
          end = k;
          break;
        }
      }
    } else {
      end = line.find(gt, after);
    }
    if (end == std::string_view::npos) return;  // the tag goes on past the line
    i = end + gt.size();
    // Most <variable> tags name no secret: skip them before unescaping their attributes.
    if (!MayHoldSecretMarkup(line.substr(after, end - after))) continue;
    const std::string tag = Unescape(std::string(line.substr(after, end - after)), level);
    if (!tag.empty() && tag.back() == '/') continue;  // <variable .../>: no content
    bool secret = false;
    for (const auto& [key, value] : Attributes(tag)) {
      if ((key == "name" || key == "property") && IsSecretName(Unescape(value, 1))) secret = true;
      if (key == "issecret" && AsciiLowercase(value) == "true") secret = true;
    }
    if (!secret) continue;
    // The content runs to the end tag's '<' (CDATA sections inside it skipped), or past the line.
    const std::string cdata = lt + "![CDATA[";
    const std::string cdata_end = "]]" + gt;
    std::size_t close = i;
    for (;;) {
      close = line.find(lt, close);
      if (close == std::string_view::npos || !StartsWith(line, close, cdata)) break;
      close = line.find(cdata_end, close + cdata.size());
      if (close == std::string_view::npos) break;
      close += cdata_end.size();
    }
    if (close == std::string_view::npos) close = line.size();
    if (close > i) out.emplace_back(i, close);
    i = close;
  }
}

/// The byte ranges of `line` that hold a literal password passed on a command line (TS5006:
/// `/pwd:x`, `-Password x`, `PASSWORD=x`), found in the line as it stands, so also where no
/// model lists them (a line of an input that is not well-formed). Markup ends a word as white
/// space does, escaped too: `<variable ...>-Password x</variable>` passes one, and so does
/// `&gt;-Password x&lt;` (the Sequence property of an object.xml).
void CommandLineSecrets(std::string_view line,
                        std::vector<std::pair<std::size_t, std::size_t>>& out) {
  if (!detail::MayHoldPasswordSwitch(line)) return;
  std::string words(line);
  for (const char* markup : {"&lt;", "&gt;"}) {
    for (auto at = words.find(markup); at != std::string::npos; at = words.find(markup, at))
      words.replace(at, 4, "    ");
  }
  std::replace_if(words.begin(), words.end(), [](char c) { return c == '<' || c == '>'; }, ' ');
  for (const auto& option_value : detail::LiteralPasswords(words)) {
    const std::string& value = option_value.second;
    for (std::size_t at = line.find(value); at != std::string_view::npos;
         at = line.find(value, at + value.size())) {
      out.emplace_back(at, at + value.size());
    }
  }
}

/// `s` with & < > (and, with `quotes`, " and ') as entities.
std::string Escape(std::string_view s, bool quotes) {
  std::string out;
  for (char c : s) {
    const auto* entity = std::find_if(
        std::begin(kEntities), std::end(kEntities),
        [&](const auto& e) { return e.second == c && (quotes || (c != '"' && c != '\'')); });
    if (entity == std::end(kEntities)) {
      out += c;
    } else {
      out += entity->first;
    }
  }
  return out;
}

/// Where the byte at 1-based `column` of a line stands once the byte ranges `ranges` (sorted,
/// apart) are each replaced by kMask; `shift[k]` is how much the ranges before the k-th moved
/// the bytes after them. A binary search: a line can hold many masks and many diagnostics.
std::uint32_t MoveColumn(const std::vector<std::pair<std::size_t, std::size_t>>& ranges,
                         const std::vector<std::int64_t>& shift, std::uint32_t column) {
  if (column == 0) return 0;
  const std::size_t at = column - 1;
  // The first range that starts past `at`; the one before it may hold `at`.
  const auto next = std::upper_bound(
      ranges.begin(), ranges.end(), at,
      [](std::size_t a, const std::pair<std::size_t, std::size_t>& r) { return a < r.first; });
  const auto k = static_cast<std::size_t>(next - ranges.begin());
  std::int64_t moved = static_cast<std::int64_t>(at);
  if (k > 0 && at < ranges[k - 1].second) {
    moved = static_cast<std::int64_t>(ranges[k - 1].first) + shift[k - 1];  // a mask's first byte
  } else if (k > 0) {
    moved += shift[k];
  }
  return static_cast<std::uint32_t>(moved + 1);
}

/// A line with its secrets masked, and where they were (byte ranges of the line, sorted,
/// apart) with the shift each range's predecessors cause, to move a column.
struct MaskedLine {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::vector<std::int64_t> shift;  ///< ranges.size() + 1 entries

  /// Where the byte at 1-based `column` of the line stands in `text`.
  std::uint32_t Column(std::uint32_t column) const { return MoveColumn(ranges, shift, column); }
};

/// Every form a line may hold the secrets in: each as it is and XML-escaped up to three times
/// (with and without quotes escaped).
std::vector<std::string> SecretForms(const std::vector<std::string>& secrets) {
  std::set<std::string> forms;
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    forms.insert(secret);
    for (bool quotes : {false, true}) {
      std::string form = Escape(secret, quotes);
      for (int level = 1; level <= 3; ++level) {
        forms.insert(form);
        form = Escape(form, false);
      }
    }
  }
  return {forms.begin(), forms.end()};
}

/// Where the byte at 0-based `masked` of a masked line stood in the line (the end of a mask
/// for a byte of "********"): the inverse of MoveColumn.
std::size_t UnmovePosition(const std::vector<std::pair<std::size_t, std::size_t>>& ranges,
                           const std::vector<std::int64_t>& shift, std::size_t masked) {
  const auto m = static_cast<std::int64_t>(masked);
  // k: the ranges that start, masked, at or before `masked` (masked starts grow with k).
  std::size_t lo = 0;
  std::size_t hi = ranges.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (static_cast<std::int64_t>(ranges[mid].first) + shift[mid] <= m) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const std::size_t k = lo;
  if (k > 0) {
    const std::int64_t mask_start = static_cast<std::int64_t>(ranges[k - 1].first) + shift[k - 1];
    if (m < mask_start + static_cast<std::int64_t>(kMask.size())) return ranges[k - 1].second;
  }
  return static_cast<std::size_t>(m - shift[k]);
}

/// `line` masked: its secret elements, its password switches and every one of `forms`
/// (SecretForms).
MaskedLine Mask(std::string_view line, const std::vector<std::string>& forms) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  SecretElements(line, ranges);
  CommandLineSecrets(line, ranges);
  for (const auto& form : forms) {
    for (std::size_t at = line.find(form); at != std::string_view::npos;
         at = line.find(form, at + form.size())) {
      ranges.emplace_back(at, at + form.size());
    }
  }
  MaskedLine out;
  std::sort(ranges.begin(), ranges.end());
  for (const auto& r : ranges) {
    if (!out.ranges.empty() && r.first <= out.ranges.back().second) {
      out.ranges.back().second = std::max(out.ranges.back().second, r.second);
    } else {
      out.ranges.push_back(r);
    }
  }
  std::size_t from = 0;
  std::int64_t shift = 0;
  out.shift.push_back(0);
  for (const auto& [begin, end] : out.ranges) {
    out.text.append(line.substr(from, begin - from));
    out.text.append(kMask);
    from = end;
    shift += static_cast<std::int64_t>(kMask.size()) - static_cast<std::int64_t>(end - begin);
    out.shift.push_back(shift);
  }
  out.text.append(line.substr(from));
  return out;
}

}  // namespace

std::string MaskSecrets(std::string_view line, const std::vector<std::string>& secrets,
                        std::uint32_t* column) {
  MaskedLine masked = Mask(line, SecretForms(secrets));
  if (column != nullptr) *column = masked.Column(*column);
  return std::move(masked.text);
}

std::string WriteSummaryLine(const ImportResult& r) {
  std::string verdict;
  // ok: it imports and nothing fails; flagged: it imports, but findings fail the run (lint
  // rules, or a lower --fail-on); invalid: ImportSequence would refuse it.
  if (r.task_sequence && r.hresult != 0 && r.exit_code != ExitCode::kUnsupported) {
    verdict = "invalid";
  } else if (r.task_sequence && r.exit_code == ExitCode::kOk) {
    verdict = "ok";
  } else if (r.task_sequence && r.exit_code == ExitCode::kFindings) {
    verdict = "flagged";
  } else if (r.exit_code == ExitCode::kUnreadable) {
    verdict = "unreadable";
  } else if (r.exit_code == ExitCode::kNothingToCheck) {
    verdict = "empty";
  } else if (r.exit_code == ExitCode::kUnsupported) {
    verdict = "unsupported";
  } else if (r.exit_code == ExitCode::kInternal) {
    verdict = "failed";
  } else {
    verdict = "not-imported";
  }
  std::string line = verdict + "  " + r.input + (r.member.empty() ? "" : "!" + r.member);
  if (r.task_sequence) {
    const TaskSequence& ts = *r.task_sequence;
    // The package's name (object.xml, zips), else the MDT root's name attribute.
    std::string name;
    for (const auto& p : r.package) {
      if (p.name == "Name" && p.value.kind == ValueKind::kString) name = p.value.text;
    }
    for (const auto& a : ts.root.attributes) {
      if (a.name == "name" && name.empty()) name = a.value;
    }
    if (!name.empty()) line += "  \"" + name + "\"";
    const Property* version = ts.root.Find("SchemaVersion");
    line += "  version " + (version ? version->raw().str() : std::string("?"));
    line += "  " + std::string(ts.dialect == Dialect::kMdt ? "mdt" : "configmgr");
    line += "  " + Plural(ts.groups, "group") + ", " + Plural(ts.steps, "step");
  }
  line += "  " + Plural(r.Count(Severity::kError), "error") + ", " +
          Plural(r.Count(Severity::kWarning), "warning");
  if (r.hresult != 0) {
    line +=
        "  ReturnValue " + std::to_string(r.ReturnValue()) + " (" + FormatHResult(r.hresult) + ")";
  }
  return line;
}

namespace {
void FormatHuman(const Diagnostic& d, std::string_view line, std::uint32_t column,
                 const HumanStyle& style, std::string& out);
}  // namespace

/// Lines are found moving forward from the last one found (diagnostics come sorted by place),
/// from the top again when asked for an earlier one: no index of every line, which for a large
/// input was as large as a fifth of it. A line is a view of the text, and the end of the last
/// line found is kept (many diagnostics on one long line each copied and searched it).
std::string_view HumanDiagnosticFormatter::Line(std::uint32_t line) {
  if (line == 0) return {};
  if (line < line_) {
    line_ = 1;
    start_ = 0;
    end_known_ = false;
  }
  while (line_ < line) {
    const std::size_t nl = end_known_ ? end_ : text_.find('\n', start_);
    if (nl == std::string_view::npos) return {};
    start_ = nl + 1;
    ++line_;
    end_known_ = false;
  }
  if (!end_known_) {
    end_ = text_.find('\n', start_);
    end_known_ = true;
  }
  std::string_view s = text_.substr(
      start_, end_ == std::string_view::npos ? std::string_view::npos : end_ - start_);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

namespace {
/// A line longer than this is masked only as far as the diagnostics on it need (a sequence on
/// one line of megabytes, each finding on it showing a hundred bytes), with this much to spare.
constexpr std::size_t kMaskWhole = 2 * 1024;
constexpr std::size_t kMaskSpare = 1024;
}  // namespace

/// A prefix of the line decides what a diagnostic shows when nothing masked in it was cut
/// short by its end (every mask ends before it: a secret element's content or a password's
/// value running to the end of the prefix may go on past it), and the hundred bytes shown
/// around the column end, in the line, further than the longest secret's form before it (a
/// secret that starts in the prefix and ends past it is not found there).
bool HumanDiagnosticFormatter::MaskCovers(std::uint32_t column) const {
  if (masked_upto_ >= line_size_) return true;
  if (!mask_ranges_.empty() && mask_ranges_.back().second + 1 >= masked_upto_) return false;
  const std::size_t shown_from = MoveColumn(mask_ranges_, mask_shift_, column);
  const std::size_t shown_end = UnmovePosition(mask_ranges_, mask_shift_, shown_from + 100);
  return shown_end + longest_form_ + kMaskSpare / 2 < masked_upto_;
}

void HumanDiagnosticFormatter::Append(const Diagnostic& d, std::string& out) {
  // Each line masked once (a sequence on one line has all its findings on it), a long one as
  // far as its first diagnostic needs, further (at least twice as far) for a later one past it,
  // so that a line is masked in time linear in its length whatever its diagnostics.
  if (longest_form_ == 0) {  // the forms of the secrets, once
    forms_ = SecretForms(secrets_);
    longest_form_ = 1;
    for (const auto& form : forms_) longest_form_ = std::max(longest_form_, form.size() + 1);
  }
  const bool same_line = d.loc.line == masked_line_;
  if (!same_line || !MaskCovers(d.loc.column)) {
    const std::string_view line = Line(d.loc.line);
    std::size_t upto = line.size();
    if (line.size() > kMaskWhole) {
      upto = std::max<std::size_t>(d.loc.column + longest_form_ + kMaskSpare,
                                   same_line ? 2 * masked_upto_ : 0);
      upto = std::min(upto, line.size());
    }
    for (;;) {
      MaskedLine masked = Mask(line.substr(0, upto), forms_);
      masked_line_ = d.loc.line;
      masked_upto_ = upto;
      line_size_ = line.size();
      masked_ = std::move(masked.text);
      masked_.append(line.size() - upto, '*');  // never shown: only the line's length counts
      mask_ranges_ = std::move(masked.ranges);
      mask_shift_ = std::move(masked.shift);
      if (MaskCovers(d.loc.column)) break;
      upto = line.size();  // the prefix is not enough: the whole line
    }
  }
  FormatHuman(d, masked_, MoveColumn(mask_ranges_, mask_shift_, d.loc.column), style_, out);
}

std::string FormatDiagnosticHuman(const Diagnostic& d, std::string_view source_text,
                                  const HumanStyle& style,
                                  const std::vector<std::string>& secrets) {
  std::string out;
  HumanDiagnosticFormatter(source_text, style, secrets).Append(d, out);
  return out;
}

std::string FormatDiagnosticsHuman(const std::vector<Diagnostic>& diagnostics,
                                   std::string_view source_text, const HumanStyle& style,
                                   const std::vector<std::string>& secrets) {
  HumanDiagnosticFormatter format(source_text, style, secrets);
  std::string out;
  for (const auto& d : diagnostics) format.Append(d, out);
  return out;
}

namespace {
void FormatHuman(const Diagnostic& d, std::string_view line, std::uint32_t column,
                 const HumanStyle& style, std::string& out) {
  const char* bold = style.color ? "\033[1m" : "";
  const char* reset = style.color ? "\033[0m" : "";
  const char* sev_color = "";
  if (style.color) {
    sev_color = d.severity == Severity::kError     ? "\033[1;31m"
                : d.severity == Severity::kWarning ? "\033[1;35m"
                                                   : "\033[1;36m";
  }
  out += bold;
  out += d.file;
  if (d.loc.line > 0) out += ":" + std::to_string(d.loc.line);
  if (d.loc.column > 0) out += ":" + std::to_string(d.loc.column);
  out += std::string(":") + reset + " " + sev_color + SeverityName(d.severity) + "[" + d.rule +
         "]" + reset + bold + ": " + detail::PrintableLine(d.message) + reset + "\n";
  if (!line.empty()) {
    // Long lines (a whole sequence on one line) are shown around the column.
    std::size_t col = column > 0 ? column - 1 : 0;
    std::size_t from = 0;
    std::string src;
    if (line.size() > 100) {
      from = col > 40 ? col - 40 : 0;
      src = (from > 0 ? "..." : "") + std::string(line.substr(from, 100)) +
            (from + 100 < line.size() ? "..." : "");
      if (from > 0) from -= 3;
    } else {
      src = line;
    }
    // A line that is not well-formed XML can hold any byte: nothing quoted drives the terminal.
    for (char& c : src) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7F) c = '?';
    }
    std::string num = std::to_string(d.loc.line);
    std::string pad(num.size(), ' ');
    out += " " + num + " | " + src + "\n";
    if (column > 0) {
      std::string spaces;
      for (std::size_t i = from; i < col && i - from < src.size(); ++i) {
        spaces += src[i - from] == '\t' ? '\t' : ' ';
      }
      out += " " + pad + " | " + spaces + sev_color + "^" + reset + "\n";
    }
  }
  if (!d.step_path.empty()) {
    out += "  = step: " + detail::PrintableLine(d.step_path) + " (smsts.log instruction " + std::to_string(d.step) + ")\n";
  }
  if (d.severity == Severity::kError && d.hresult != 0) {
    out += "  = ImportSequence would return " + FormatHResult(d.hresult) + "\n";
  }
}
}  // namespace

std::string FormatDiagnosticGcc(const Diagnostic& d) {
  std::string out = d.file + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) +
                    ": " + SeverityName(d.severity) + ": " + detail::PrintableLine(d.message) +
                    " [" + d.rule + "]";
  return out;
}

std::string WriteCatalogText(const Catalog& catalog) {
  std::string out;
  std::string section;
  for (const auto& cls : catalog.classes()) {
    if (cls.section != section) {
      section = cls.section;
      out += section == "actions"      ? "Actions (step types):\n"
             : section == "conditions" ? "Condition classes:\n"
                                       : "Base and embedded classes:\n";
    }
    std::size_t own = cls.properties.size();
    char buf[512];
    std::snprintf(buf, sizeof buf, "  %-52s %-38s %2zu properties  [%s]\n", cls.name.c_str(),
                  cls.ui_name.c_str(), own, cls.origin.c_str());
    out += buf;
    // Where each entry comes from, and the release that introduced it when known: the class,
    // then the properties and values that came later or from elsewhere.
    const auto provenance = [](const std::string& source, const std::string& since) {
      std::string line;
      if (!since.empty()) line += "since " + since;
      if (!source.empty()) line += (line.empty() ? "" : "; ") + std::string("source: ") + source;
      return line;
    };
    if (std::string line = provenance(cls.source, cls.since); !line.empty()) {
      out += "      " + line + "\n";
    }
    for (const auto& p : cls.properties) {
      if (std::string line = provenance(p.source, p.since); !line.empty()) {
        out += "      " + p.name + ": " + line + "\n";
      }
      for (const auto& v : p.values) {
        if (std::string line = provenance(v.source, v.since); !line.empty()) {
          out += "      " + p.name + " = " + v.value + ": " + line + "\n";
        }
      }
    }
  }
  out += std::to_string(catalog.classes().size()) + " classes\n";
  return out;
}

namespace {
const char* EvidenceMeaning(Evidence e) {
  switch (e) {
    case Evidence::kInput:
      return "the input cannot be read as a task sequence";
    case Evidence::kXml:
      return "not well-formed XML, as the site's parser judges it";
    case Evidence::kClass:
      return "the class does not exist on the site";
    case Evidence::kType:
      return "the value does not convert to the property's WMI type; the catalog says, for "
             "each property, whether its type is the SDK's or tsimport's reading";
    case Evidence::kQualifier:
      return "a qualifier of the class's MOF; the catalog says what each property's check rests "
             "on, and a check that rests on documentation prose or tsimport's reading is a "
             "warning";
    case Evidence::kObserved:
      return "observed behaviour of ConfigMgr";
    case Evidence::kContract:
      return "kept an import error by the product contract";
    case Evidence::kProse:
      return "documentation prose only";
    case Evidence::kReading:
      return "tsimport's reading: nothing shows the site refusing it";
    case Evidence::kLint:
      return "a lint rule: never an import error";
    case Evidence::kUnstated:
      break;
  }
  return "not stated";
}
}  // namespace

std::string WriteRulesText() {
  std::string out;
  for (const auto& r : Rules()) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s  %-8s %-26s %-10s %s\n", std::string(r.id).c_str(),
                  SeverityName(DefaultSeverity(r)), std::string(r.name).c_str(),
                  EvidenceName(r.evidence), std::string(r.summary).c_str());
    out += buf;
  }
  return out;
}

std::string WriteRuleExplanation(const RuleInfo& r, std::string_view documentation) {
  std::string out =
      std::string(r.id) + " " + std::string(r.name) + " (" + SeverityName(DefaultSeverity(r)) +
      (DefaultSeverity(r) != DefaultSeverity(r, true) ? ", an error with --strict" : "") + ")\n" +
      std::string(r.summary) + "\n\n";
  // Paragraphs wrapped at 78 columns.
  const auto wrap = [&out](const std::string& para) {
    std::string line;
    std::size_t i = 0;
    while (i < para.size()) {
      std::size_t sp = para.find(' ', i);
      std::string word = para.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
      if (!line.empty() && line.size() + 1 + word.size() > 78) {
        out += line + "\n";
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
      if (sp == std::string::npos) break;
      i = sp + 1;
    }
    if (!line.empty()) out += line + "\n";
  };
  wrap(std::string(r.explanation));
  out += "\n";
  wrap("Evidence: " + std::string(EvidenceName(r.evidence)) + " (" + EvidenceMeaning(r.evidence) +
       "; docs/fidelity.md).");
  out +=
      "Exit status " + std::to_string(static_cast<int>(r.exit_code)) + " when reported as an error";
  if (r.exit_code == ExitCode::kFindings) out += " (or at --fail-on's threshold)";
  if (r.hresult != 0) {
    out += "; ReturnValue " + FormatHResult(r.hresult) + ".\n";
  } else if (r.exit_code != ExitCode::kFindings) {
    out += "; no ReturnValue (nothing was imported).\n";
  } else {
    out += "; ReturnValue unchanged (a lint rule: the task sequence would still import).\n";
  }
  if (!documentation.empty()) out += "Documentation: " + std::string(documentation) + "\n";
  return out;
}

}  // namespace tsimport
