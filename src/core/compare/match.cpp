#include "compare/match.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace tsimport::compare {
namespace {

/// Classes that are one step to a person: MDT's untyped command line is a Run Command Line.
std::string Family(const Instance& s) {
  if (s.role == InstanceRole::kGroup) return "SMS_TaskSequence_Group";
  if (s.class_name == "MDT_CommandLineStep") return "SMS_TaskSequence_RunCommandLineAction";
  return s.class_name.str();
}

void AddSteps(Tree& t, int parent, const std::vector<Instance>& steps, const Reader& reader) {
  for (const auto& s : steps) {
    const int index = static_cast<int>(t.nodes.size());
    {
      Node n;
      n.step = &s;
      n.parent = parent;
      n.position = static_cast<int>(t.nodes[static_cast<std::size_t>(parent)].children.size());
      n.group = s.role == InstanceRole::kGroup;
      const Property* name = s.Find("Name");
      n.name = name != nullptr ? name->raw().str() : std::string();
      n.family = Family(s);
      n.key = n.family + '\x1f' + n.name;
      n.entries = reader.StepEntries(s);
      for (const auto& e : n.entries) {
        n.content += e.key + '=' + e.canon + '\x1e';
        if (e.set && !e.flag && !e.derived) n.trivial = false;
      }
      t.nodes.push_back(std::move(n));
    }
    t.nodes[static_cast<std::size_t>(parent)].children.push_back(index);
    if (s.role == InstanceRole::kGroup) {
      if (const Property* children = s.Find("Steps"))
        AddSteps(t, index, children->value.objects, reader);
    }
  }
}

std::string Joined(const Entry& e) {
  std::string s;
  for (const auto& l : e.value.lines) s += l + '\n';
  return s;
}

/// Pairs of equal keys keeping the most in order: a longest common subsequence (after the common
/// start and end), or, for lists too long to compare pair by pair, a greedy run.
std::vector<std::pair<std::size_t, std::size_t>> CommonSubsequence(
    const std::vector<const std::string*>& a, const std::vector<const std::string*>& b) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t lo = 0;
  while (lo < a.size() && lo < b.size() && *a[lo] == *b[lo]) {
    out.emplace_back(lo, lo);
    ++lo;
  }
  std::size_t ea = a.size(), eb = b.size();
  std::vector<std::pair<std::size_t, std::size_t>> tail;
  while (ea > lo && eb > lo && *a[ea - 1] == *b[eb - 1]) {
    --ea;
    --eb;
    tail.emplace_back(ea, eb);
  }
  const std::size_t n = ea - lo, m = eb - lo;
  if (n > 0 && m > 0) {
    if (n * m <= 4'000'000) {
      // lengths[i][j]: the longest common subsequence of a[lo+i..] and b[lo+j..].
      std::vector<std::uint32_t> len((n + 1) * (m + 1), 0);
      auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
        return len[i * (m + 1) + j];
      };
      for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
          at(i, j) = *a[lo + i] == *b[lo + j] ? at(i + 1, j + 1) + 1
                                              : std::max(at(i + 1, j), at(i, j + 1));
        }
      }
      std::size_t i = 0, j = 0;
      while (i < n && j < m) {
        if (*a[lo + i] == *b[lo + j]) {
          out.emplace_back(lo + i, lo + j);
          ++i;
          ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
          ++i;
        } else {
          ++j;
        }
      }
    } else {
      std::unordered_map<std::string, std::vector<std::size_t>> where;
      for (std::size_t j = lo; j < eb; ++j) where[*b[j]].push_back(j);
      std::size_t last = lo;
      bool any = false;
      for (std::size_t i = lo; i < ea; ++i) {
        auto it = where.find(*a[i]);
        if (it == where.end()) continue;
        auto pos = std::lower_bound(it->second.begin(), it->second.end(), any ? last + 1 : lo);
        if (pos == it->second.end()) continue;
        out.emplace_back(i, *pos);
        last = *pos;
        any = true;
      }
    }
  }
  out.insert(out.end(), tail.rbegin(), tail.rend());
  return out;
}

/// At most this many pairs of steps are weighed by content in one group (rule 2) or for one
/// name (rule 3): beyond, the matcher keeps to what is cheap, so that its time stays about
/// linear in the size of the sequences.
constexpr std::size_t kMaxPairs = 10'000;

class Matcher {
 public:
  Matcher(Tree& a, Tree& b) : a_(a), b_(b) {}

  void Run() {
    Pair(0, 0);
    for (int round = 0; round < 64; ++round) {
      Drain();
      const std::size_t before = matched_;
      RenamesInParents();
      Drain();
      MovesByName();
      Drain();
      MovesByContent();
      Drain();
      if (matched_ == before) break;
    }
  }

 private:
  Node& A(int i) { return a_.nodes[static_cast<std::size_t>(i)]; }
  Node& B(int i) { return b_.nodes[static_cast<std::size_t>(i)]; }

  void Pair(int x, int y) {
    A(x).match = y;
    B(y).match = x;
    ++matched_;
    if (A(x).group && B(y).group) queue_.emplace_back(x, y);
  }

  void Drain() {
    while (!queue_.empty()) {
      auto [x, y] = queue_.back();
      queue_.pop_back();
      InParent(x, y);
    }
  }

  std::vector<int> Unmatched(const Tree& t, int parent) const {
    std::vector<int> out;
    for (int c : t.nodes[static_cast<std::size_t>(parent)].children) {
      if (t.nodes[static_cast<std::size_t>(c)].match < 0) out.push_back(c);
    }
    return out;
  }

  /// Rule 1: the same class and name within matched parents, in order, then out of order.
  void InParent(int x, int y) {
    std::vector<int> ca = Unmatched(a_, x), cb = Unmatched(b_, y);
    if (ca.empty() || cb.empty()) return;
    std::vector<const std::string*> ka, kb;
    for (int c : ca) ka.push_back(&A(c).key);
    for (int c : cb) kb.push_back(&B(c).key);
    for (auto [i, j] : CommonSubsequence(ka, kb)) Pair(ca[i], cb[j]);
    // The same key left on both sides: siblings that changed places.
    std::map<std::string, std::vector<int>> left;
    for (int c : Unmatched(b_, y)) left[B(c).key].push_back(c);
    for (int c : Unmatched(a_, x)) {
      auto it = left.find(A(c).key);
      if (it == left.end() || it->second.empty()) continue;
      // The closest in content among them.
      std::size_t best = 0;
      double best_score = -1;
      for (std::size_t k = 0; k < it->second.size(); ++k) {
        double s = ContentSimilarity(A(c), B(it->second[k]));
        if (s > best_score) {
          best_score = s;
          best = k;
        }
      }
      Pair(c, it->second[best]);
      it->second.erase(it->second.begin() + static_cast<std::ptrdiff_t>(best));
    }
  }

  /// How much of two groups' steps are the same: children matched into each other, or unmatched
  /// with the same class and name.
  double ChildrenSimilarity(int x, int y) {
    const auto& ca = A(x).children;
    const auto& cb = B(y).children;
    if (ca.empty() && cb.empty()) return 1.0;
    std::size_t shared = 0;
    std::map<std::string, int> keys;
    for (int c : cb) {
      if (B(c).match < 0) ++keys[B(c).key];
    }
    for (int c : ca) {
      if (A(c).match >= 0) {
        shared += B(A(c).match).parent == y;
      } else if (auto it = keys.find(A(c).key); it != keys.end() && it->second > 0) {
        --it->second;
        ++shared;
      }
    }
    return static_cast<double>(shared) / static_cast<double>(std::max(ca.size(), cb.size()));
  }

  double GroupSimilarity(int x, int y) {
    return 0.8 * ChildrenSimilarity(x, y) + 0.2 * ContentSimilarity(A(x), B(y));
  }

  static double NameSimilarity(const Node& a, const Node& b) {
    return TextSimilarity(a.name, b.name);
  }

  /// Rule 2: renamed within matched parents.
  void RenamesInParents() {
    std::map<std::string, int> unmatched_a, unmatched_b;
    for (const auto& n : a_.nodes) {
      if (n.match < 0) ++unmatched_a[n.key];
    }
    for (const auto& n : b_.nodes) {
      if (n.match < 0) ++unmatched_b[n.key];
    }
    struct Candidate {
      double score;
      int x, y;
    };
    std::vector<Candidate> candidates;
    for (std::size_t px = 0; px < a_.nodes.size(); ++px) {
      const Node& parent = a_.nodes[px];
      if (!parent.group || parent.match < 0) continue;
      const int py = parent.match;
      std::vector<int> ca = Unmatched(a_, static_cast<int>(px)), cb = Unmatched(b_, py);
      if (ca.empty() || cb.empty()) continue;
      // Where each unmatched child stands: after which matched sibling (its counterpart's place).
      std::map<int, int> gap_a, gap_b;
      {
        int g = -1;
        for (int s : A(static_cast<int>(px)).children) {
          if (A(s).match >= 0 && B(A(s).match).parent == py) {
            g = A(s).match;
          } else if (A(s).match < 0) {
            gap_a[s] = g;
          }
        }
        g = -1;
        for (int s : B(py).children) {
          if (B(s).match >= 0 && A(B(s).match).parent == static_cast<int>(px)) {
            g = s;
          } else if (B(s).match < 0) {
            gap_b[s] = g;
          }
        }
      }
      // Whether x and y are one step renamed, and how alike they are.
      auto weigh = [&](int x, int y, bool aligned, double& score) {
        // A renamed step mostly stays where it was (between the same neighbours).
        if (A(x).group) {
          const double children = ChildrenSimilarity(x, y);
          if (children < 0.5 || (!aligned && children < 0.8)) return false;
          score = GroupSimilarity(x, y);
        } else {
          const double content = ContentSimilarity(A(x), B(y));
          const double name = NameSimilarity(A(x), B(y));
          const bool same = A(x).content == B(y).content;
          const bool close = name >= 0.5 && content >= 0.5;
          if (!same && aligned && !close && content < 0.85) return false;
          // Moved among its siblings and renamed: only with the same settings.
          if (!same && !aligned) return false;
          score = 0.75 * content + 0.25 * name + (same ? 0.5 : 0);
        }
        score += aligned ? 0.1 : 0;
        return true;
      };
      auto eligible_a = [&](int x) { return unmatched_b.count(A(x).key) == 0; };
      auto eligible_b = [&](int y) { return unmatched_a.count(B(y).key) == 0; };
      if (ca.size() * cb.size() <= kMaxPairs) {
        for (int x : ca) {
          if (!eligible_a(x)) continue;  // the name is still there: rule 3
          for (int y : cb) {
            double score = 0;
            if (A(x).family == B(y).family && eligible_b(y) &&
                weigh(x, y, gap_a[x] == gap_b[y], score)) {
              candidates.push_back({score, x, y});
            }
          }
        }
        continue;
      }
      // Many unmatched siblings (a sequence rewritten, or a hostile one): within each gap, the
      // k-th step of a class on one side is weighed against the k-th of that class on the other.
      std::map<std::pair<int, std::string>, std::pair<std::vector<int>, std::vector<int>>> runs;
      for (int x : ca) {
        if (eligible_a(x)) runs[{gap_a[x], A(x).family}].first.push_back(x);
      }
      for (int y : cb) {
        if (eligible_b(y)) runs[{gap_b[y], B(y).family}].second.push_back(y);
      }
      for (const auto& [where, run] : runs) {
        const std::size_t n = std::min(run.first.size(), run.second.size());
        for (std::size_t k = 0; k < n; ++k) {
          double score = 0;
          if (weigh(run.first[k], run.second[k], true, score))
            candidates.push_back({score, run.first[k], run.second[k]});
        }
      }
    }
    Assign(candidates);
  }

  template <typename C>
  void Assign(std::vector<C>& candidates) {
    std::stable_sort(candidates.begin(), candidates.end(), [](const C& l, const C& r) {
      return std::tie(r.score, l.x, l.y) < std::tie(l.score, r.x, r.y);
    });
    for (const auto& c : candidates) {
      if (A(c.x).match >= 0 || B(c.y).match >= 0) continue;
      Pair(c.x, c.y);
    }
  }

  /// Rule 3: the same class and name anywhere.
  void MovesByName() {
    std::map<std::string, std::vector<int>> ka, kb;
    for (std::size_t i = 1; i < a_.nodes.size(); ++i) {
      if (a_.nodes[i].match < 0) ka[a_.nodes[i].key].push_back(static_cast<int>(i));
    }
    for (std::size_t i = 1; i < b_.nodes.size(); ++i) {
      if (b_.nodes[i].match < 0) kb[b_.nodes[i].key].push_back(static_cast<int>(i));
    }
    struct Candidate {
      double score;
      int x, y;
    };
    std::vector<Candidate> candidates;
    for (const auto& [key, xs] : ka) {
      auto it = kb.find(key);
      if (it == kb.end()) continue;
      const auto& ys = it->second;
      const bool unique = xs.size() == 1 && ys.size() == 1;
      if (xs.size() * ys.size() > kMaxPairs) {
        // Too many of one name to weigh: in document order.
        for (std::size_t k = 0; k < std::min(xs.size(), ys.size()); ++k)
          candidates.push_back({0.0, xs[k], ys[k]});
        continue;
      }
      for (int x : xs) {
        for (int y : ys) {
          double s = A(x).group ? GroupSimilarity(x, y) : ContentSimilarity(A(x), B(y));
          if (!unique && s < 0.5) continue;
          // Beside the same name, the same parent name weighs.
          const Node& pa = A(A(x).parent);
          const Node& pb = B(B(y).parent);
          if (pa.name == pb.name) s += 0.1;
          candidates.push_back({s, x, y});
        }
      }
    }
    Assign(candidates);
  }

  /// Rule 4: moved and renamed: the same content (a step), mostly the same steps (a group).
  void MovesByContent() {
    struct Candidate {
      double score;
      int x, y;
    };
    std::vector<Candidate> candidates;
    std::unordered_map<std::string, std::vector<int>> by_content;
    for (std::size_t i = 1; i < b_.nodes.size(); ++i) {
      const Node& n = b_.nodes[i];
      if (n.match < 0 && !n.group && !n.trivial)
        by_content[n.family + '\x1d' + n.content].push_back(static_cast<int>(i));
    }
    std::unordered_map<std::string, std::size_t> used;
    for (std::size_t i = 1; i < a_.nodes.size(); ++i) {
      const Node& n = a_.nodes[i];
      if (n.match >= 0) continue;
      if (!n.group) {
        if (n.trivial) continue;
        const std::string k = n.family + '\x1d' + n.content;
        auto it = by_content.find(k);
        if (it == by_content.end()) continue;
        std::size_t& next = used[k];
        if (next < it->second.size()) {
          candidates.push_back({1.0, static_cast<int>(i), it->second[next]});
          ++next;
        }
        continue;
      }
      // A group: where did its steps go?
      std::map<int, int> parents;
      for (int c : n.children) {
        if (A(c).match >= 0) ++parents[B(A(c).match).parent];
      }
      for (auto [y, count] : parents) {
        if (y <= 0 || B(y).match >= 0 || !B(y).group) continue;
        const double s = ChildrenSimilarity(static_cast<int>(i), y);
        if (s >= 0.6) candidates.push_back({s, static_cast<int>(i), y});
      }
    }
    Assign(candidates);
  }

  Tree& a_;
  Tree& b_;
  std::vector<std::pair<int, int>> queue_;
  std::size_t matched_ = 0;
};

}  // namespace

Tree BuildTree(const TaskSequence& ts, const Reader& reader) {
  Tree t;
  Node root;
  root.group = true;
  root.name = "";
  root.family = "SMS_TaskSequence";
  root.key = root.family;
  t.nodes.push_back(std::move(root));
  if (const Property* steps = ts.root.Find("Steps")) AddSteps(t, 0, steps->value.objects, reader);
  return t;
}

double ContentSimilarity(const Node& a, const Node& b) {
  std::map<std::string_view, std::pair<const Entry*, const Entry*>> keys;
  // Enabled and ContinueOnError are not content; the action and the attributes mirroring a
  // property follow from the properties.
  for (const auto& e : a.entries) {
    if (!e.flag && !e.derived) keys[e.key].first = &e;
  }
  for (const auto& e : b.entries) {
    if (!e.flag && !e.derived) keys[e.key].second = &e;
  }
  double union_count = 0, score = 0;
  for (const auto& [key, pair] : keys) {
    const Entry* x = pair.first;
    const Entry* y = pair.second;
    // What both leave at the class's default (RunAsUser false, the usual success codes) says
    // nothing about which step it is.
    if (!((x && !x->at_default) || (y && !y->at_default))) continue;
    union_count += 1;
    if (x && y && x->canon == y->canon) {
      score += 1;
    } else if (x && y && !x->secret && !y->secret && x->set && y->set) {
      // A changed text counts for what it shares when it is mostly the same.
      const double s = TextSimilarity(Joined(*x), Joined(*y));
      if (s >= 0.5) score += s;
    }
  }
  return union_count == 0 ? 1.0 : score / union_count;
}

void Match(Tree& old_tree, Tree& new_tree) { Matcher(old_tree, new_tree).Run(); }

std::vector<bool> Reordered(const Tree& a, const Tree& b) {
  std::vector<bool> out(b.nodes.size(), false);
  for (std::size_t x = 0; x < a.nodes.size(); ++x) {
    const Node& pa = a.nodes[x];
    if (!pa.group || pa.match < 0) continue;
    // The children kept under the same parent, in old order, by their new position.
    std::vector<int> ys;
    for (int c : pa.children) {
      const int y = a.nodes[static_cast<std::size_t>(c)].match;
      if (y >= 0 && b.nodes[static_cast<std::size_t>(y)].parent == pa.match) ys.push_back(y);
    }
    // The longest increasing run of new positions stays; the others moved.
    std::vector<std::size_t> tails;  // index into ys of the smallest tail of each length
    std::vector<int> prev(ys.size(), -1);
    auto pos = [&](std::size_t k) { return b.nodes[static_cast<std::size_t>(ys[k])].position; };
    for (std::size_t k = 0; k < ys.size(); ++k) {
      auto it = std::lower_bound(tails.begin(), tails.end(), k,
                                 [&](std::size_t t, std::size_t v) { return pos(t) < pos(v); });
      if (it != tails.begin()) prev[k] = static_cast<int>(*(it - 1));
      if (it == tails.end()) {
        tails.push_back(k);
      } else {
        *it = k;
      }
    }
    std::vector<bool> keep(ys.size(), false);
    for (int k = tails.empty() ? -1 : static_cast<int>(tails.back()); k >= 0;
         k = prev[static_cast<std::size_t>(k)])
      keep[static_cast<std::size_t>(k)] = true;
    for (std::size_t k = 0; k < ys.size(); ++k) {
      if (!keep[k]) out[static_cast<std::size_t>(ys[k])] = true;
    }
  }
  return out;
}

}  // namespace tsimport::compare
