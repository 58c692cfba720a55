// The matcher: which step or group of the old task sequence is which of the new one.
//
// Steps are matched as a person reading both outlines would:
//  1. within a matched parent, by class and name, keeping the most of them in order (a longest
//     common subsequence), then the same class and name out of order (a reorder);
//  2. within a matched parent, a step of the same class with (nearly) the same content under
//     another name, where the old one stood (moved among its siblings as well: only with the same
//     content): renamed; a group whose steps are mostly the same: renamed. Not when the old name
//     is still found elsewhere on the new side (that step moved), or the new name on the old side;
//  3. anywhere, the same class and name: moved (to another group);
//  4. anywhere, the same class and the same content under another name: moved and renamed; a
//     group whose steps mostly moved into one group: that group.
// Each pair of groups matched is matched inside by the same rules; the rounds repeat until
// nothing more pairs. A step of another class is never the same step (Run Command Line and
// MDT's untyped command line count as one class). What stays unpaired was removed or added.
#pragma once

#include <string>
#include <vector>

#include "compare/entries.h"

namespace tsimport::compare {

struct Node {
  const Instance* step = nullptr;  ///< null: the task sequence (node 0)
  int parent = -1;
  std::vector<int> children;
  int position = 0;    ///< among its parent's children
  bool group = false;  ///< a group, or the task sequence
  std::string name;
  std::string family;  ///< the class, for matching
  std::string key;     ///< family and name
  std::vector<Entry> entries;
  std::string content;  ///< every entry but the name and the steps, canonical
  bool trivial = true;  ///< nothing set but Enabled and ContinueOnError
  int match = -1;       ///< the node of the other tree; -1: none
};

struct Tree {
  std::vector<Node> nodes;  ///< in document order; 0 is the task sequence
};

/// The steps and groups of a task sequence, with their entries.
Tree BuildTree(const TaskSequence& ts, const Reader& reader);

/// Pairs the nodes of the two trees (sets Node::match on both sides).
void Match(Tree& old_tree, Tree& new_tree);

/// For each node of the new tree: true when it is matched under the counterpart of its old
/// parent but left the order of its siblings (it is not among the longest run of siblings kept
/// in order).
std::vector<bool> Reordered(const Tree& old_tree, const Tree& new_tree);

/// How alike two steps' contents are (0 to 1): of the entries either side sets to something other
/// than its class default, the share equal (1 each) or close (their text similarity, from 0.5).
double ContentSimilarity(const Node& a, const Node& b);

}  // namespace tsimport::compare
