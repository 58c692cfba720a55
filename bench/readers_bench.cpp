// The XML readers compared in one process on the same bytes (docs/design.md, "The XML reader"):
// what choosing a conforming library for the reader would cost against tsimport's own scanner
// and DOM. Each benchmark reads the whole input and frees what it made.
//
//   tinyxml2/<file>          tinyxml2's XMLDocument::Parse (the project's first parser; the
//                            reference of PRODUCT.md section 9's in-process target)
//   libxml2-sax/<file>       libxml2's SAX2 parser with empty callbacks (DTD loading, entity
//                            substitution and the network off: the options tsimport would use)
//   libxml2-sax-dom/<file>   the same, its callbacks building a DOM like tsimport's (names and
//                            values copied into chunks; what a libxml2-based reader would cost)
//   libxml2-reader/<file>    libxml2's xmlTextReader, reading each node's name and value
//   libxml2-tree/<file>      xmlReadMemory, libxml2's own tree (what xmllint --noout does)
//   expat/<file>             expat with empty callbacks
//   scan/<file>              tsimport's scanner alone (well-formedness and the limits)
//   scan+dom/<file>          the scanner, then tsimport's DOM built over the checked text
//   import/<file>            tsimport::Import without lint (decode, read, build, validate)
//
//   tsimport-readers --input FILE [--input FILE...] [--iterations N] [--benchmark_* flags]
#include <benchmark/benchmark.h>
#include <expat.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <tinyxml2.h>

#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "../src/cli/allocator.h"
#include "inputs.h"
#include "input/lite.h"
#include "input/scan.h"
#include "tsimport/import.h"

namespace {

using tsimport::bench::Input;

void Bytes(benchmark::State& state, const Input* in) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->bytes.size()));
}

void TinyXml2(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
    doc.Parse(in->bytes.data(), in->bytes.size());
    benchmark::DoNotOptimize(doc.RootElement());
    if (doc.Error()) state.SkipWithError("tinyxml2 refused the input");
  }
  Bytes(state, in);
}

// --- libxml2 -------------------------------------------------------------------------------

constexpr int kLibxml2Options = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;

void NoStart(void*, const xmlChar*, const xmlChar*, const xmlChar*, int, const xmlChar**, int,
             int, const xmlChar**) {}
void NoEnd(void*, const xmlChar*, const xmlChar*, const xmlChar*) {}
void NoCharacters(void*, const xmlChar*, int) {}

/// A DOM like tsimport's (lite.h): nodes in chunks, names and values copied next to them.
struct MiniDom {
  struct Node {
    const char* name = nullptr;
    const char* value = nullptr;
    std::uint32_t size = 0;
    Node* parent = nullptr;
    Node* first = nullptr;
    Node* last = nullptr;
    Node* next = nullptr;
    std::size_t offset = 0;
  };
  std::vector<std::unique_ptr<Node[]>> nodes;
  std::size_t used = 1024;
  std::vector<std::unique_ptr<char[]>> text;
  std::size_t text_used = 0, text_size = 0;
  Node root;
  Node* open = &root;
  xmlParserCtxtPtr ctxt = nullptr;

  Node* Add() {
    if (used == 1024) {
      nodes.push_back(std::make_unique<Node[]>(1024));
      used = 0;
    }
    Node* n = &nodes.back()[used++];
    n->parent = open;
    if (open->last != nullptr) {
      open->last->next = n;
    } else {
      open->first = n;
    }
    open->last = n;
    return n;
  }
  const char* Copy(const xmlChar* s, std::size_t n) {
    if (text_used + n + 1 > text_size) {
      text_size = std::max<std::size_t>(n + 1, 64 * 1024);
      text.push_back(std::make_unique<char[]>(text_size));
      text_used = 0;
    }
    char* p = text.back().get() + text_used;
    std::memcpy(p, s, n);
    p[n] = '\0';
    text_used += n + 1;
    return p;
  }
};

void DomStart(void* ctx, const xmlChar* name, const xmlChar*, const xmlChar*, int, const xmlChar**,
              int nb_attributes, int, const xmlChar** attributes) {
  auto* dom = static_cast<MiniDom*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
  MiniDom::Node* e = dom->Add();
  e->name = dom->Copy(name, std::strlen(reinterpret_cast<const char*>(name)));
  e->offset = static_cast<std::size_t>(xmlByteConsumed(dom->ctxt));
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar** a = attributes + 5 * i;
    MiniDom::Node* n = dom->Add();
    n->name = dom->Copy(a[0], std::strlen(reinterpret_cast<const char*>(a[0])));
    n->value = dom->Copy(a[3], static_cast<std::size_t>(a[4] - a[3]));
  }
  dom->open = e;
}
void DomEnd(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* dom = static_cast<MiniDom*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
  dom->open = dom->open->parent;
}
void DomCharacters(void* ctx, const xmlChar* s, int n) {
  auto* dom = static_cast<MiniDom*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
  MiniDom::Node* t = dom->Add();
  t->value = dom->Copy(s, static_cast<std::size_t>(n));
  t->size = static_cast<std::uint32_t>(n);
}

void Libxml2Sax(benchmark::State& state, const Input* in, bool build) {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = build ? DomStart : NoStart;
  sax.endElementNs = build ? DomEnd : NoEnd;
  sax.characters = build ? DomCharacters : NoCharacters;
  sax.cdataBlock = build ? DomCharacters : NoCharacters;
  for (auto _ : state) {
    MiniDom dom;
    xmlParserCtxtPtr ctxt =
        xmlCreateMemoryParserCtxt(in->bytes.data(), static_cast<int>(in->bytes.size()));
    std::memcpy(ctxt->sax, &sax, sizeof sax);
    ctxt->userData = ctxt;
    ctxt->_private = &dom;
    dom.ctxt = ctxt;
    xmlCtxtUseOptions(ctxt, kLibxml2Options);
    xmlParseDocument(ctxt);
    if (!ctxt->wellFormed) state.SkipWithError("libxml2 refused the input");
    benchmark::DoNotOptimize(dom.root.first);
    xmlFreeParserCtxt(ctxt);
  }
  Bytes(state, in);
}

void Libxml2Reader(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    xmlTextReaderPtr r = xmlReaderForMemory(in->bytes.data(), static_cast<int>(in->bytes.size()),
                                            nullptr, nullptr, kLibxml2Options);
    int ret;
    std::size_t sum = 0;
    while ((ret = xmlTextReaderRead(r)) == 1) {
      const xmlChar* name = xmlTextReaderConstName(r);
      const xmlChar* value = xmlTextReaderConstValue(r);
      sum += name != nullptr ? name[0] : 0;
      sum += value != nullptr ? value[0] : 0;
      while (xmlTextReaderMoveToNextAttribute(r) == 1) sum += xmlTextReaderConstValue(r)[0];
    }
    if (ret != 0) state.SkipWithError("libxml2's reader refused the input");
    benchmark::DoNotOptimize(sum);
    xmlFreeTextReader(r);
  }
  Bytes(state, in);
}

void Libxml2Tree(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    xmlDocPtr doc = xmlReadMemory(in->bytes.data(), static_cast<int>(in->bytes.size()), nullptr,
                                  nullptr, kLibxml2Options);
    if (doc == nullptr) state.SkipWithError("libxml2 refused the input");
    benchmark::DoNotOptimize(doc);
    xmlFreeDoc(doc);
  }
  Bytes(state, in);
}

// --- expat ---------------------------------------------------------------------------------

void XMLCALL ExpatStart(void*, const XML_Char*, const XML_Char**) {}
void XMLCALL ExpatEnd(void*, const XML_Char*) {}
void XMLCALL ExpatCharacters(void*, const XML_Char*, int) {}

void Expat(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    XML_Parser p = XML_ParserCreate(nullptr);
    XML_SetElementHandler(p, ExpatStart, ExpatEnd);
    XML_SetCharacterDataHandler(p, ExpatCharacters);
    if (XML_Parse(p, in->bytes.data(), static_cast<int>(in->bytes.size()), 1) != XML_STATUS_OK)
      state.SkipWithError("expat refused the input");
    XML_ParserFree(p);
  }
  Bytes(state, in);
}

// --- tsimport ------------------------------------------------------------------------------

void Scan(benchmark::State& state, const Input* in, bool dom) {
  for (auto _ : state) {
    tsimport::detail::PieceScanner scanner(in->bytes);
    scanner.Finish();
    if (!scanner.Result().ok) state.SkipWithError("the scanner refused the input");
    if (dom) {
      tsimport::detail::lite::Document doc;
      doc.Build(in->bytes);
      benchmark::DoNotOptimize(doc.RootElement());
    }
  }
  Bytes(state, in);
}

void Import(benchmark::State& state, const Input* in) {
  tsimport::ImportOptions options;
  options.catalog = tsimport::Catalog::Builtin();
  options.lint = false;
  for (auto _ : state) {
    std::vector<tsimport::ImportResult> results = tsimport::Import(in->bytes, in->label, options);
    benchmark::DoNotOptimize(results.data());
  }
  Bytes(state, in);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  std::vector<Input> inputs;
  long iterations = 0;  // --iterations N: exactly N (for instruction counts under callgrind)
  const auto option = [&](int count, char** args, int& i) {
    if (std::strcmp(args[i], "--iterations") != 0 || i + 1 >= count) return false;
    iterations = std::stol(args[++i]);
    return true;
  };
  if (!tsimport::bench::ReadInputs(argc, argv, "tsimport-readers", inputs, rest, option))
    return 2;
  tsimport::cli::ConfigureAllocator();
  tsimport::Catalog::Builtin();
  xmlInitParser();
  for (const auto& in : inputs) {
    auto add = [&](const std::string& name, auto&& f) {
      auto* b = benchmark::RegisterBenchmark((name + "/" + in.label).c_str(), f)
                    ->Unit(benchmark::kMillisecond);
      if (iterations > 0) b->Iterations(iterations);
    };
    const Input* p = &in;
    add("tinyxml2", [p](benchmark::State& s) { TinyXml2(s, p); });
    add("libxml2-sax", [p](benchmark::State& s) { Libxml2Sax(s, p, false); });
    add("libxml2-sax-dom", [p](benchmark::State& s) { Libxml2Sax(s, p, true); });
    add("libxml2-reader", [p](benchmark::State& s) { Libxml2Reader(s, p); });
    add("libxml2-tree", [p](benchmark::State& s) { Libxml2Tree(s, p); });
    add("expat", [p](benchmark::State& s) { Expat(s, p); });
    add("scan", [p](benchmark::State& s) { Scan(s, p, false); });
    add("scan+dom", [p](benchmark::State& s) { Scan(s, p, true); });
    add("import", [p](benchmark::State& s) { Import(s, p); });
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  xmlCleanupParser();
  return 0;
}
