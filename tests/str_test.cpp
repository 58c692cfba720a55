// Str, StrArena and how the import shares strings (include/tsimport/str.h).
#include "tsimport/str.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

using namespace tsimport;
using tsimport::test::DiagnosticLines;
using tsimport::test::ImportString;

TEST_CASE("Str: short strings inline, longer ones shared by copies") {
  const Str empty;
  CHECK(empty.empty());
  CHECK(empty.size() == 0);
  CHECK(empty.view() == "");

  const Str fifteen = "123456789012345";
  CHECK(fifteen.size() == 15);
  CHECK(fifteen == "123456789012345");
  const Str fifteen_copy = fifteen;
  CHECK_FALSE(fifteen_copy.SharesWith(fifteen));  // inline: nothing to share

  const Str sixteen = "1234567890123456";
  CHECK(sixteen.size() == 16);
  const Str sixteen_copy = sixteen;
  CHECK(sixteen_copy.SharesWith(sixteen));
  CHECK(sixteen_copy.data() == sixteen.data());

  Str from(sixteen);
  Str moved(std::move(from));
  CHECK(moved == "1234567890123456");
  CHECK(moved.SharesWith(sixteen));
  CHECK(from.empty());  // NOLINT: a moved-from Str is empty
  moved = "other";
  CHECK(moved == "other");
  CHECK(sixteen == "1234567890123456");  // a copy's assignment leaves the others alone

  // Bytes are bytes: NULs and high bytes kept, sizes exact.
  const std::string binary("a\0b\xff\xfe long enough to share", 26);
  const Str b = binary;
  CHECK(b.size() == 26);
  CHECK(b.str() == binary);
}

TEST_CASE("Str: compares and concatenates as the std::string it replaced") {
  const Str s = "SMS_TaskSequence_RunCommandLineAction";
  const std::string same = "SMS_TaskSequence_RunCommandLineAction";
  CHECK(s == same);
  CHECK(same == s);
  CHECK(s == std::string_view(same));
  CHECK(s == "SMS_TaskSequence_RunCommandLineAction");
  CHECK(s != "SMS_TaskSequence_RunCommandLine");
  CHECK("a" < Str("b"));
  CHECK(Str("abc") < Str("abd"));
  CHECK(std::string("x=") + Str("1") == "x=1");
  CHECK("x=" + Str("1") + "!" == "x=1!");
  // Str against Str: inline ones compare all 16 bytes, shared ones their bytes.
  CHECK(Str("Name") == Str("Name"));
  CHECK(Str("Name") != Str("Names"));
  CHECK(Str("Name") != Str("name"));
  CHECK(Str("123456789012345") == Str(std::string("123456789012345")));
  CHECK(Str("123456789012345") != Str("123456789012346"));
  CHECK(Str("") == Str());  // the empty Str made two ways
  CHECK(Str() == Str(""));
  CHECK(s == Str(same));  // shared, different buffers
  CHECK(s != Str("SMS_TaskSequence_RunCommandLineActioN"));
  CHECK(Str(std::string_view("a\0b", 3)) != Str("a"));
  // Short Strs made from inside other bytes (a buffer, an arena, a longer string) hold nothing
  // of what came after them: equal to the same name made any other way.
  StrBuffer* buffer = StrBuffer::Adopt(std::string("NameType and more bytes after them"));
  {
    const BufferRef hold(buffer);
    CHECK(Str::Shared(buffer, buffer->data, 4) == Str("Name"));
    CHECK(Str::Shared(buffer, buffer->data + 4, 4) == Str("Type"));
    CHECK(Str::Shared(buffer, buffer->data, 15) == Str("NameType and mo"));
    CHECK(Str::Shared(buffer, buffer->data, 4) != Str::Shared(buffer, buffer->data, 5));
  }
  StrArena arena;
  CHECK(arena.Make(std::string_view("NameType", 4)) == Str("Name"));
  CHECK(Str(std::string_view("Names", 4)) == arena.Make("Name"));
  CHECK(s.find("Run") == 17);
  CHECK(s.substr(0, 3) == "SMS");
}

TEST_CASE("StrArena: strings outlive the arena, long ones take their own allocation") {
  std::vector<Str> kept;
  {
    StrArena arena;
    kept.push_back(arena.Make("a value long enough for the arena"));
    kept.push_back(arena.Make("another value in the same chunk"));
    kept.push_back(arena.Make("short"));
    kept.push_back(arena.Make(std::string(40000, 'x')));  // past a quarter of a chunk
  }
  CHECK(kept[0] == "a value long enough for the arena");
  CHECK(kept[1] == "another value in the same chunk");
  CHECK(kept[0].SharesWith(kept[1]));  // one chunk
  CHECK(kept[2] == "short");
  CHECK(kept[3] == std::string(40000, 'x'));
  CHECK_FALSE(kept[3].SharesWith(kept[0]));
}

TEST_CASE("Str::Shared points into a buffer and keeps it alive, and short ones are copied") {
  StrBuffer* buffer = StrBuffer::Adopt(std::string("<a x=\"a value inside the buffer\"/>"));
  Str inside;
  Str short_one;
  {
    const BufferRef hold(buffer);
    inside = Str::Shared(buffer, buffer->data + 6, 25);
    short_one = Str::Shared(buffer, buffer->data + 1, 1);
    CHECK(inside == "a value inside the buffer");
    CHECK(inside.data() == buffer->data + 6);
    CHECK(short_one == "a");
    CHECK(short_one.data() != buffer->data + 1);  // inline
  }
  // The buffer's last owner is now the Str.
  CHECK(inside == "a value inside the buffer");
  CHECK(short_one == "a");
}

TEST_CASE("Str: copies made and dropped in several threads at once keep the count right") {
  StrBuffer* buffer = StrBuffer::Adopt(std::string("a string long enough to have a buffer"));
  const BufferRef hold(buffer);
  const Str shared = Str::Shared(buffer, buffer->data, buffer->size);
  REQUIRE(buffer->refs.load() == 2);  // the hold and `shared`
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&shared] {
      for (int i = 0; i < 50000; ++i) {
        Str copy = shared;
        Str again;
        again = copy;
        Str moved(std::move(copy));
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(buffer->refs.load() == 2);
  CHECK(shared == "a string long enough to have a buffer");
}

TEST_CASE("the import shares values with the input text when they stand in it as they are") {
  ImportResult r = ImportString(
      "<sequence version=\"3.10\">\r\n"
      "  <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run the installer now\">\r\n"
      "    <action>smsswd.exe /run: cmd /c exit 0</action>\r\n"
      "    <defaultVarList>\r\n"
      "      <variable name=\"CommandLine\" property=\"CommandLine\">cmd /c echo a &amp; "
      "b</variable>\r\n"
      "      <variable name=\"PackageID\" property=\"PackageID\">line one\r\nline "
      "two</variable>\r\n"
      "      <variable name=\"WorkingDirectory\" "
      "property=\"WorkingDirectory\">C:\\Windows\\Temp\\a</variable>\r\n"
      "    </defaultVarList>\r\n"
      "  </step>\r\n"
      "</sequence>\r\n");
  CHECK(DiagnosticLines(r).empty());
  REQUIRE(r.task_sequence);
  const Instance& s = r.task_sequence->root.Children()->front();
  // As they are: shared with the text the result keeps.
  const Str& name = s.Find("Name")->value.text;
  CHECK(name == "Run the installer now");
  CHECK(name.SharesWith(r.text));
  CHECK(s.Find("WorkingDirectory")->value.text == "C:\\Windows\\Temp\\a");
  CHECK(s.Find("WorkingDirectory")->value.text.SharesWith(r.text));
  // Decoded (a reference; a CR LF line end): copies, with the decoded bytes.
  const Str& command = s.Find("CommandLine")->value.text;
  CHECK(command == "cmd /c echo a & b");
  CHECK_FALSE(command.SharesWith(r.text));
  const Str& package = s.Find("PackageID")->value.text;
  CHECK(package == "line one\nline two");
  CHECK_FALSE(package.SharesWith(r.text));
  // The variable's text and its property's value are one string.
  CHECK(s.variables[2].text.SharesWith(s.Find("WorkingDirectory")->value.text));

  // A value kept past the result reads the same (the text lives while a Str points into it).
  const Str kept = name;
  r = ImportResult();
  CHECK(kept == "Run the installer now");
}
