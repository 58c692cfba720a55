#include "seeds.h"

#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>

#include "tsimport/catalog.h"

namespace tsimport::fuzz {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The samples' XML files (valid, invalid, shapes and the top-level sample), sorted.
std::vector<fs::path> SampleFiles(const std::string& source_dir) {
  std::vector<fs::path> out;
  fs::path samples = fs::path(source_dir) / "samples";
  for (const char* sub : {"valid", "invalid", "shapes"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(samples / sub, ec)) {
      if (e.path().extension() == ".xml") out.push_back(e.path());
    }
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(samples, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char kRels[] =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>";
const char kContentTypes[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
    "Extension=\"xml\" ContentType=\"text/xml\"/></Types>";

/// Export zips around the samples' object.xml files: the shapes a console export has.
std::vector<Seed> ZipSeeds(const std::string& source_dir) {
  fs::path shapes = fs::path(source_dir) / "samples" / "shapes";
  std::string cdata = ReadAll(shapes / "object-cdata.xml");
  std::string escaped = ReadAll(shapes / "object-escaped.xml");
  std::string sequence = ReadAll(shapes / "sequence.xml");
  const std::string member = "SMS_TaskSequencePackage/CM100099/object.xml";
  std::vector<Seed> out;
  out.push_back({"export-cdata.zip", MakeZip({{"[Content_Types].xml", kContentTypes},
                                              {"_rels/.rels", kRels},
                                              {member, cdata},
                                              {"SMS_Package/CM100042/object.xml",
                                               "<INSTANCE CLASSNAME=\"SMS_Package\"/>"}})});
  out.push_back(
      {"export-escaped-stored.zip", MakeZip({{"_rels/.rels", kRels}, {member, escaped}}, true)});
  out.push_back(
      {"export-two.zip",
       MakeZip({{"SMS_TaskSequencePackage/CM100100/object.xml", escaped}, {member, cdata}})});
  out.push_back({"export-bare-sequence.zip", MakeZip({{member, sequence}}, true)});
  out.push_back({"export-no-task-sequence.zip",
                 MakeZip({{"_rels/.rels", kRels}, {"Manifest.xml", "<LibraryDocument/>"}})});
  out.push_back({"export-empty-member.zip", MakeZip({{member, ""}}, true)});
  // libzip writes nothing for an archive without members: the end record alone.
  out.push_back({"empty.zip", std::string("PK\x05\x06", 4) + std::string(18, '\0')});
  return out;
}

/// One dictionary entry: kw="..." with libFuzzer's escapes.
std::string Entry(const std::string& token) {
  std::string out = "\"";
  for (unsigned char c : token) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members, bool store) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (out == nullptr) throw std::runtime_error("zip_source_buffer_create");
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  if (za == nullptr) throw std::runtime_error("zip_open_from_source");
  for (const auto& [name, content] : members) {
    // zip_source_buffer reads at zip_close: the strings in `members` outlive it.
    zip_source_t* src = zip_source_buffer(za, content.data(), content.size(), 0);
    zip_int64_t index = zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) throw std::runtime_error("zip_file_add");
    if (store) zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  if (zip_close(za) != 0) throw std::runtime_error("zip_close");
  std::string bytes;
  if (zip_source_open(out) == 0) {
    zip_source_seek(out, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(out);
    zip_source_seek(out, 0, SEEK_SET);
    bytes.assign(static_cast<std::size_t>(size), '\0');
    zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(out);
  }
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

std::vector<Seed> MakeSeeds(const std::string& source_dir, const std::string& target) {
  std::vector<Seed> out;
  if (target == "xml") {
    // The reader's seeds: one small document for each thing XML 1.0 allows or forbids that
    // the reader decides (the fuzzer mutates them), then the samples.
    const char* const snippets[] = {
        "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<a b=\"1\">t</a>",
        "<?xml version='1.1'?><a/>",
        "<a><?pi data?><!-- c --><![CDATA[x]]><![CDATA[y]]></a><?after?>",
        "<a x=\"tab\there&#9;&#x000000041;\r\nline\" y='&lt;&amp;&gt;&quot;&apos;'/>",
        "<a>\r\n\n\r\r&#13;&#x20;<b> </b><c>&#32;</c><d xml:space=\"preserve\"> <e> </e></d></a>",
        "<\xC3\xA9l\xC3\xA9ment \xC2\xB7"
        "a=\"\xE2\x82\xAC\"/>",
        "<a:b xmlns:a=\"urn:a\" a:c=\"1\"><a:d/></a:b>",
        "<?xml version=\"1.0\" encoding=\"iso-8859-15\"?><a>\xA4\xE9</a>",
        "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\x80\x93</a>",
        "\xEF\xBB\xBF<a>]]&gt;]]</a>",
        "\xFF\xFE<\0a\0/\0>\0",
        "<a>&#x10FFFF;&#xD7FF;&#xE000;&#xFFFD;</a>",
    };
    for (std::size_t i = 0; i < std::size(snippets); ++i) {
      // The literals hold NUL bytes (UTF-16): their sizes, not strlen.
      std::string bytes = snippets[i];
      if (i == 10) bytes.assign(snippets[i], 10);
      out.push_back({"snippet-" + std::to_string(i) + ".xml", bytes});
    }
  }
  if (target == "import" || target == "xml") {
    for (const auto& p : SampleFiles(source_dir)) {
      std::string dir = p.parent_path().filename().string();
      out.push_back({(dir == "samples" ? "" : dir + "-") + p.filename().string(), ReadAll(p)});
    }
  }
  if (target != "xml") {
    for (auto& s : ZipSeeds(source_dir)) out.push_back(std::move(s));
  }
  if (target == "zip") {
    // Archive descriptions (fuzz_zip.cpp): NAME\nCONTENT members separated by NUL bytes.
    const std::string object = "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\"/>";
    auto spec = [](std::initializer_list<std::string> members) {
      std::string s;
      for (const auto& m : members) s += (s.empty() ? "" : std::string(1, '\0')) + m;
      return s;
    };
    out.push_back(
        {"spec-one.txt", spec({"SMS_TaskSequencePackage/PS100001/object.xml\n" + object})});
    out.push_back(
        {"spec-stored-two.txt", spec({"=SMS_TaskSequencePackage/PS100001/object.xml\n" + object,
                                      "SMS_TaskSequencePackage/PS100002/object.xml\n" + object,
                                      "_rels/.rels\n<Relationships/>"})});
    out.push_back({"spec-dependency.txt", spec({"SMS_Package/PS100003/object.xml\n<INSTANCE/>",
                                                "SMS_TaskSequencePackage/../object.xml\nx"})});
    out.push_back({"spec-big.txt", spec({"SMS_TaskSequencePackage/PS100004/object.xml\n" +
                                         std::string(4096, ' ')})});
  }
  return out;
}

std::string MakeDictionary(const std::string& source_dir, const std::string& target) {
  std::string out = ReadAll(fs::path(source_dir) / "tests" / "fuzz" / (target + ".dict"));
  if (target != "import") return out;
  std::set<std::string> tokens;
  for (const ClassDef& cls : Catalog::Builtin()->classes()) {
    tokens.insert(cls.name);
    if (!cls.xml_element.empty()) tokens.insert(cls.xml_element);
    for (const PropertyDef& p : cls.properties) {
      tokens.insert(p.name);
      if (!p.variable.empty()) tokens.insert(p.variable);
      for (const auto& v : p.values) tokens.insert(v.value);
    }
  }
  out +=
      "\n# Generated from the class catalog (data/*.json): classes, properties, variables, "
      "values.\n";
  for (const auto& t : tokens) {
    if (t.empty() || t.size() > 64) continue;
    out += Entry(t) + "\n";
  }
  return out;
}

}  // namespace tsimport::fuzz
