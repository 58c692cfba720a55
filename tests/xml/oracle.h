// The XML reader against an oracle: libxml2 reads the same bytes, and both readings are turned
// into one canonical form (the verdict, and for a well-formed document its tree with the values
// as the provider gets them), so that any difference is one string comparison. Used by the W3C
// suite test (xmlconf_main.cpp), the mutations of real exports (mutations_main.cpp) and the
// differential fuzz target (tests/fuzz/fuzz_xml.cpp).
//
// The values' policy (docs/design.md, "The XML reader"): System.Xml's XmlDocument with
// PreserveWhitespace off over a conforming reader. A text node (character data between two
// pieces of markup, references included) made only of white space (space, tab, CR, LF, written
// or referenced) is dropped unless xml:space="preserve" is in scope; a CDATA section is always
// kept; an element's text is its text and CDATA nodes joined (comments and processing
// instructions between them end a node but add nothing).
#pragma once

#include <string>
#include <string_view>

namespace tsimport::xmltest {

struct Reading {
  enum Verdict {
    kWellFormed,
    kNotWellFormed,
    /// Neither (tsimport only): a limit (TS1014, TS1015, TS1017, TS1018) or a DTD (TS1016)
    /// stopped the reading, or the bytes fall under a deliberate difference from libxml2
    /// (an encoding label outside the list tsimport decodes, UTF-16 without a byte order
    /// mark; docs/design.md).
    kOther,
  };
  Verdict verdict = kNotWellFormed;
  std::string error;  ///< the first error (libxml2's message, or tsimport's rule and message)
  std::string tree;   ///< canonical form of the root element when well-formed
  /// libxml2 only: it reported a namespace error (an undeclared prefix, say), which does not make
  /// a document not well-formed but makes its tree name things otherwise: trees not compared.
  bool namespace_errors = false;
};

/// libxml2 (xmlReadMemory with XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_HUGE: no network,
/// no DTD loading, no limits of its own): well-formed exactly when `xmllint --noout --nonet`
/// says so.
Reading ReadWithLibxml2(std::string_view bytes);

/// tsimport's reader (src/core/input: decoding, the scanner, the DOM the builder reads), as the
/// import runs it on a document of its own.
Reading ReadWithTsimport(std::string_view bytes);

/// `bytes` with its document type declaration (internal subset included) removed, in any of
/// the encodings the suite uses (8-bit, UTF-16 with or without byte order mark).
std::string StripDoctype(std::string_view bytes);

/// One line describing a difference between two readings, empty when they agree: verdicts
/// first, then the trees (the first line that differs; not when libxml2 saw namespace errors).
std::string Compare(const Reading& ours, const Reading& reference);

/// Why tsimport and libxml2 differ on `bytes` on purpose, or "" (docs/design.md, "The XML
/// reader"): UTF-16 or UTF-32 without a byte order mark whose text does not start with "<?"
/// (libxml2 reads it as UTF-8; System.Xml and tsimport do not); an encoding label that
/// contradicts the byte order mark or the bytes, or that tsimport does not decode (libxml2
/// ignores the first and decodes any label iconv knows); a label tsimport decodes that iconv
/// would not know by that name (none of the table's, with glibc), which libxml2 refuses;
/// a NUL after the root element (libxml2 stops reading at a NUL); an incomplete character at
/// the end of UTF-16 or UTF-32 (libxml2 drops it).
std::string DeliberateDifference(std::string_view bytes, const Reading& ours,
                                 const Reading& reference);

/// The import's verdict on `bytes` (tsimport::Import, as the command line runs it): well-formed
/// when it imports, or fails for anything but the XML (exit 0, 1, or 3 with no TS1002-TS1004
/// about the document itself: a problem in object.xml's Sequence is the sequence's);
/// `why` gets the first error.
Reading::Verdict ImportVerdict(std::string_view bytes, std::string& why);

/// `s` with control bytes, backslashes and bytes past ASCII shown as \xNN (for messages).
std::string Printable(std::string_view s, std::size_t max = 200);

}  // namespace tsimport::xmltest
