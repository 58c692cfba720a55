#include <iconv.h>

#include <cerrno>

#include "input/transcode.h"

namespace tsimport::detail {

/// With iconv (glibc's on Linux).
bool Convert(std::string_view in, const char* from, std::string& out, std::size_t& bad_offset) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    bad_offset = 0;
    return false;
  }
  out.assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  std::size_t written = 0;
  bool ok = true;
  while (src_left > 0) {
    char* dst = out.data() + written;
    std::size_t dst_left = out.size() - written;
    std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    written = out.size() - dst_left;
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    ok = false;
    bad_offset = in.size() - src_left;
    break;
  }
  iconv_close(cd);
  out.resize(written);
  return ok;
}

}  // namespace tsimport::detail
