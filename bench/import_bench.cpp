// In-process benchmark (Google Benchmark), on the same bytes for each input file:
//   parse/<file>   tinyxml2's bare parse (XMLDocument::Parse, and freeing the document)
//   parse-nested/<file>  for an object.xml: tinyxml2's parse of it and of the sequence its
//                  Sequence property holds (to a bare parse that sequence is one text node;
//                  any import has to parse it too)
//   import/<file>  tsimport::Import: decode, scan, parse, build the model, validate, lint
//   json/<file>    WriteJsonRecord of that import's result (pretty, as -f json and -O write it)
//   paired/<file>  the three above in turns, each turn timed on its own: the ratios of the
//                  import and the JSON writing to the parse of the same turn, as counters
//                  (their medians over the turns; half the turns parse first). This VM's speed
//                  drifts by half within minutes (docs/performance.md); the ratio of one turn's
//                  times drifts less (both sides run at the same moment), though not nothing.
// bench/run.sh reads the JSON report (--benchmark_format=json) and computes the ratios of
// PRODUCT.md section 9.
//
//   tsimport-bench --input FILE [--input FILE...] [--benchmark_* flags]
#include <benchmark/benchmark.h>
#include <tinyxml2.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "../src/cli/allocator.h"
#include "inputs.h"
#include "tsimport/import.h"
#include "tsimport/write.h"

namespace {

using tsimport::bench::Input;

/// The text of object.xml's Sequence property (null when `doc` is not an object.xml).
const char* SequenceText(const tinyxml2::XMLDocument& doc) {
  const tinyxml2::XMLElement* root = doc.RootElement();
  if (root == nullptr || std::strcmp(root->Name(), "INSTANCE") != 0) return nullptr;
  for (const auto* p = root->FirstChildElement("PROPERTY"); p != nullptr;
       p = p->NextSiblingElement("PROPERTY")) {
    const char* name = p->Attribute("NAME");
    if (name == nullptr || std::strcmp(name, "Sequence") != 0) continue;
    const tinyxml2::XMLElement* value = p->FirstChildElement("VALUE");
    return value != nullptr ? value->GetText() : nullptr;
  }
  return nullptr;
}

bool IsObjectXml(const Input& in) {
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  doc.Parse(in.bytes.data(), in.bytes.size());
  return SequenceText(doc) != nullptr;
}

/// One reference parse: tinyxml2's parse of the input and, when `nested`, of the sequence its
/// Sequence property holds; the documents freed. Returns what went wrong, or null.
const char* ParseOnce(const Input& in, bool nested) {
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  doc.Parse(in.bytes.data(), in.bytes.size());
  benchmark::DoNotOptimize(doc.RootElement());
  if (doc.Error()) return "tinyxml2 could not parse the input";
  if (!nested) return nullptr;
  const char* sequence = SequenceText(doc);
  if (sequence == nullptr) return "not an object.xml with a Sequence";
  tinyxml2::XMLDocument inner(true, tinyxml2::PRESERVE_WHITESPACE);
  inner.Parse(sequence);
  benchmark::DoNotOptimize(inner.RootElement());
  return inner.Error() ? "tinyxml2 could not parse the sequence" : nullptr;
}

void Parse(benchmark::State& state, const Input* in, bool nested) {
  for (auto _ : state) {
    if (const char* error = ParseOnce(*in, nested)) {
      state.SkipWithError(error);
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->bytes.size()));
}

// The import as PRODUCT.md section 9 defines it (decode, parse, build, validate) with
// `lint` false, and with the lint pass as the command line runs it. The import is handed bytes
// of its own, as the command line hands it the bytes it read (Import(std::string&&): UTF-8 is
// then taken as the text, not copied); making that copy is not timed. Handed a view instead, it
// copied them: at 10 MB, into memory it then faulted in page by page (docs/performance.md,
// "Stop 31"). tinyxml2's Parse copies the bytes into its own buffer, as it always does.
void ImportBytes(benchmark::State& state, const Input* in, bool lint) {
  tsimport::ImportOptions options;
  options.catalog = tsimport::Catalog::Builtin();
  options.lint = lint;
  for (auto _ : state) {
    state.PauseTiming();
    std::string bytes = in->bytes;
    state.ResumeTiming();
    std::vector<tsimport::ImportResult> results =
        tsimport::Import(std::move(bytes), in->label, options);
    benchmark::DoNotOptimize(results.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->bytes.size()));
}

/// The JSON records of `results` (pretty, as -f json and -O write them), each freed once
/// written. Returns how many bytes they were.
std::size_t WriteJsonOf(const std::vector<tsimport::ImportResult>& results,
                        const tsimport::Catalog& catalog) {
  std::size_t written = 0;
  for (const auto& r : results) {
    std::string json = tsimport::WriteJsonRecord(r, catalog, 2);
    written += json.size();
    benchmark::DoNotOptimize(json.data());
  }
  return written;
}

void WriteJson(benchmark::State& state, const Input* in) {
  tsimport::ImportOptions options;
  options.catalog = tsimport::Catalog::Builtin();
  std::vector<tsimport::ImportResult> results = tsimport::Import(in->bytes, in->label, options);
  std::size_t written = 0;
  for (auto _ : state) written = WriteJsonOf(results, *options.catalog);
  state.counters["json_bytes"] = static_cast<double>(written);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in->bytes.size()));
}

/// The CPU time of this thread, in seconds.
double ThreadSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// The fastest of a benchmark's repetitions, reported beside the median (aggregate "min"): what
/// else the machine runs only ever adds time, and on this VM it added it to some repetitions of
/// one side and not the other. bench/compare.py judges the separate import and JSON rows on
/// these (docs/performance.md, "Stop 33").
double Fastest(const std::vector<double>& v) {
  return v.empty() ? 0 : *std::min_element(v.begin(), v.end());
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

/// One turn: the reference parse (nested for an object.xml, as parse-nested), the import
/// (PRODUCT.md's: no lint; freeing its results counted, as in import/) and the JSON writing of
/// its result, each timed. An iteration is two turns, the parse first in one and the import first
/// in the other.
void Paired(benchmark::State& state, const Input* in, bool nested) {
  tsimport::ImportOptions options;
  options.catalog = tsimport::Catalog::Builtin();
  options.lint = false;
  // One turn: p, i and j are the parse's, the import's and the JSON writing's times. False
  // when the reference parse failed (the run is then an error).
  const auto turn = [&](bool parse_first, double& p, double& i, double& j) {
    std::vector<tsimport::ImportResult> results;
    for (const bool parsing : {parse_first, !parse_first}) {
      std::string bytes;  // the import's own, as in import/ (not timed)
      if (!parsing) bytes = in->bytes;
      const double t0 = ThreadSeconds();
      if (parsing) {
        if (const char* error = ParseOnce(*in, nested)) {
          state.SkipWithError(error);
          return false;
        }
        p = ThreadSeconds() - t0;
      } else {
        results = tsimport::Import(std::move(bytes), in->label, options);
        benchmark::DoNotOptimize(results.data());
        i = ThreadSeconds() - t0;
      }
    }
    double t0 = ThreadSeconds();
    WriteJsonOf(results, *options.catalog);
    j = ThreadSeconds() - t0;
    t0 = ThreadSeconds();
    results.clear();
    i += ThreadSeconds() - t0;
    return true;
  };
  // A turn first, not counted: a run of a 10 MB input is one iteration (two turns), and the
  // first turn touches memory the process has not used yet, which Google Benchmark's separate
  // runs spread over their iterations.
  double p = 0, i = 0, j = 0;
  if (!turn(true, p, i, j)) return;
  std::vector<double> import_ratio, json_ratio;
  for (auto _ : state) {
    for (const bool parse_first : {true, false}) {
      p = i = j = 0;
      if (!turn(parse_first, p, i, j)) return;
      if (p > 0) {
        import_ratio.push_back(i / p);
        json_ratio.push_back(j / p);
      }
    }
  }
  if (import_ratio.empty()) {
    state.SkipWithError("no turn was timed");
    return;
  }
  state.counters["import_ratio"] = Median(import_ratio);
  state.counters["json_ratio"] = Median(json_ratio);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  std::vector<Input> inputs;
  if (!tsimport::bench::ReadInputs(argc, argv, "tsimport-bench", inputs, rest,
                                   [](int, char**, int&) { return false; }))
    return 2;
  tsimport::cli::ConfigureAllocator();  // as the command line runs
  // The built-in catalog is made once per process (start-up, measured by run.sh separately).
  tsimport::Catalog::Builtin();
  for (const auto& in : inputs) {
    const bool object_xml = IsObjectXml(in);
    benchmark::RegisterBenchmark(("parse/" + in.label).c_str(), Parse, &in, false)
        ->Unit(benchmark::kMillisecond)
        ->ComputeStatistics("min", Fastest);
    if (object_xml) {
      benchmark::RegisterBenchmark(("parse-nested/" + in.label).c_str(), Parse, &in, true)
          ->Unit(benchmark::kMillisecond)
          ->ComputeStatistics("min", Fastest);
    }
    benchmark::RegisterBenchmark(("import/" + in.label).c_str(), ImportBytes, &in, false)
        ->Unit(benchmark::kMillisecond)
        ->ComputeStatistics("min", Fastest);
    benchmark::RegisterBenchmark(("import+lint/" + in.label).c_str(), ImportBytes, &in, true)
        ->Unit(benchmark::kMillisecond)
        ->ComputeStatistics("min", Fastest);
    benchmark::RegisterBenchmark(("json/" + in.label).c_str(), WriteJson, &in)
        ->Unit(benchmark::kMillisecond)
        ->ComputeStatistics("min", Fastest);
    benchmark::RegisterBenchmark(("paired/" + in.label).c_str(), Paired, &in, object_xml)
        ->Unit(benchmark::kMillisecond);
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
