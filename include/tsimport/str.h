// Str: the object model's string. A large task sequence has hundreds of thousands of names,
// values and attributes, most of them short and many of them the same bytes as another (a
// variable's text is also its property's value; a step's class name is its `type` attribute), so
// the model does not hold them as std::string (32 bytes, one allocation each past 15 bytes).
//
// A Str is 16 bytes and immutable. Up to 15 bytes are held inline; longer ones point into a
// reference-counted buffer that copies share: an allocation of its own, a chunk of a StrArena
// that holds many strings, or the input text itself (an import's values that needed no
// decoding). Copying shares, assigning replaces; nothing a Str points into is ever written.
// Reading it is a std::string_view (an implicit conversion); it is not NUL-terminated.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace tsimport {

/// The bytes longer Strs point into, with the count of Strs (and owners) that hold them.
struct StrBuffer {
  enum Kind : std::uint32_t { kOwned, kText };
  std::atomic<std::uint32_t> refs{1};
  Kind kind = kOwned;
  const char* data = nullptr;
  std::size_t size = 0;

  void Ref() { refs.fetch_add(1, std::memory_order_relaxed); }
  void Unref() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) Free(this);
  }
  /// A buffer of `size` bytes to fill before any Str points into it (refs 1: the caller's).
  static StrBuffer* Allocate(std::size_t size);
  /// A buffer that owns `text` (moved in, not copied).
  static StrBuffer* Adopt(std::string&& text);

 private:
  static void Free(StrBuffer* b);
};

/// Holds one reference to a StrBuffer, and drops it when it goes.
class BufferRef {
 public:
  explicit BufferRef(StrBuffer* b = nullptr) noexcept : b_(b) {}
  BufferRef(const BufferRef&) = delete;
  BufferRef& operator=(const BufferRef&) = delete;
  ~BufferRef() {
    if (b_ != nullptr) b_->Unref();
  }

 private:
  StrBuffer* b_;
};

class Str {
 public:
  static constexpr std::size_t kInline = 15;

  Str() noexcept { std::memset(raw_, 0, sizeof raw_); }
  Str(std::string_view s) { Init(s); }                      // NOLINT: implicit, as std::string's
  Str(const char* s) { Init(std::string_view(s)); }         // NOLINT
  Str(const std::string& s) { Init(std::string_view(s)); }  // NOLINT
  Str(const Str& o) noexcept {
    std::memcpy(raw_, o.raw_, sizeof raw_);
    if (StrBuffer* b = Buffer()) b->Ref();
  }
  Str(Str&& o) noexcept {
    std::memcpy(raw_, o.raw_, sizeof raw_);
    std::memset(o.raw_, 0, sizeof o.raw_);
  }
  Str& operator=(const Str& o) noexcept {
    if (this != &o) {
      Str copy(o);
      Swap(copy);
    }
    return *this;
  }
  Str& operator=(Str&& o) noexcept {
    if (this != &o) {
      Release();
      std::memcpy(raw_, o.raw_, sizeof raw_);
      std::memset(o.raw_, 0, sizeof o.raw_);
    }
    return *this;
  }
  Str& operator=(std::string_view s) { return *this = Str(s); }
  Str& operator=(const char* s) { return *this = Str(s); }
  Str& operator=(const std::string& s) { return *this = Str(s); }
  ~Str() { Release(); }

  /// `n` bytes at `p`, which lie inside `buffer`: shares the buffer (short strings are copied
  /// inline instead).
  static Str Shared(StrBuffer* buffer, const char* p, std::size_t n);

  std::size_t size() const noexcept {
    if (IsInline()) return raw_[15] & 0x0F;
    std::uint32_t n;
    std::memcpy(&n, raw_ + 12, 4);
    return n;
  }
  bool empty() const noexcept { return size() == 0; }
  const char* data() const noexcept {
    // The empty Str (no buffer) has all bytes zero: its data is its own first byte.
    if (IsInline()) return reinterpret_cast<const char*>(raw_);
    StrBuffer* b = Buffer();
    if (b == nullptr) return reinterpret_cast<const char*>(raw_);
    std::uint32_t off;
    std::memcpy(&off, raw_ + 8, 4);
    return b->data + off;
  }
  std::string_view view() const noexcept { return std::string_view(data(), size()); }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit
  std::string str() const { return std::string(data(), size()); }
  const char* begin() const noexcept { return data(); }
  const char* end() const noexcept { return data() + size(); }
  char operator[](std::size_t i) const noexcept { return data()[i]; }
  char front() const noexcept { return data()[0]; }
  char back() const noexcept { return data()[size() - 1]; }
  void clear() noexcept { *this = Str(); }
  std::size_t find(std::string_view s, std::size_t pos = 0) const noexcept {
    return view().find(s, pos);
  }
  std::size_t find(char c, std::size_t pos = 0) const noexcept { return view().find(c, pos); }
  std::string_view substr(std::size_t pos, std::size_t n = std::string_view::npos) const {
    return view().substr(pos, n);
  }
  int compare(std::string_view s) const noexcept { return view().compare(s); }
  /// s == *this, sizes first (a Str's size is in its last bytes; its data may be elsewhere).
  bool Equals(std::string_view s) const noexcept {
    const std::size_t n = size();
    return n == s.size() && (n == 0 || std::memcmp(data(), s.data(), n) == 0);
  }
  /// Two inline Strs (zero after their bytes) are equal when all 16 bytes are: two compares
  /// and no branch on the size; otherwise their bytes are compared.
  friend bool operator==(const Str& a, const Str& b) noexcept {
    if (a.IsInline() && b.IsInline()) {
      std::uint64_t x[2], y[2];
      std::memcpy(x, a.raw_, 16);
      std::memcpy(y, b.raw_, 16);
      return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
    }
    return a.Equals(b.view());
  }
  friend bool operator!=(const Str& a, const Str& b) noexcept { return !(a == b); }
  /// Whether two Strs share their bytes (not only equal ones): for tests.
  bool SharesWith(const Str& o) const noexcept {
    return !IsInline() && Buffer() != nullptr && Buffer() == o.Buffer();
  }

 private:
  void Swap(Str& o) noexcept {
    unsigned char t[16];
    std::memcpy(t, raw_, 16);
    std::memcpy(raw_, o.raw_, 16);
    std::memcpy(o.raw_, t, 16);
  }
  // Inline: bytes 0..14, byte 15 = 0x80 | size. Otherwise: bytes 0..7 the StrBuffer (null for
  // the empty string), 8..11 the offset of the bytes in it, 12..15 the size (below 2^31, so
  // byte 15's high bit is clear). Little-endian, as every target we build for.
  bool IsInline() const noexcept { return (raw_[15] & 0x80) != 0; }
  StrBuffer* Buffer() const noexcept {
    if (IsInline()) return nullptr;
    StrBuffer* b;
    std::memcpy(&b, raw_, sizeof b);
    return b;
  }
  void Release() noexcept {
    if (StrBuffer* b = Buffer()) b->Unref();
  }
  void Init(std::string_view s) {  // the short ones here, in line: most of a model's strings
    if (s.size() <= kInline) {
      SetInline(s.data(), s.size());
    } else {
      InitShared(s);
    }
  }
  void InitShared(std::string_view s);
  void SetInline(const char* p, std::size_t n) noexcept {
    std::memset(raw_, 0, sizeof raw_);
    if (n > 0) std::memcpy(raw_, p, n);
    raw_[15] = static_cast<unsigned char>(0x80 | n);
  }
  void SetShared(StrBuffer* b, std::size_t off, std::size_t n);

  alignas(8) unsigned char raw_[16];
};

static_assert(sizeof(Str) == 16, "Str is 16 bytes");
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "Str's layout assumes a little-endian target"
#endif

/// Makes Strs for one import: strings past Str::kInline bytes are copied into chunks of 64 KB
/// (one allocation for hundreds of strings; one past 16 KB gets an allocation of its own). Not
/// thread-safe: one arena per import. The chunks live as long as a Str points into them.
class StrArena {
 public:
  StrArena() = default;
  StrArena(const StrArena&) = delete;
  StrArena& operator=(const StrArena&) = delete;
  ~StrArena();

  /// A copy of s.
  Str Make(std::string_view s);

 private:
  StrBuffer* chunk_ = nullptr;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
};

// Comparisons with anything a std::string_view can be made from. Both sides are deduced, so
// that nothing else converts to a Str to use them (std::string == std::string_view stays
// std's).
template <typename S, typename T>
using IfStrAndStringLike =
    std::enable_if_t<std::is_same_v<S, Str> && std::is_convertible_v<const T&, std::string_view>>;

template <typename S, typename T, typename = IfStrAndStringLike<S, T>>
bool operator==(const S& a, const T& b) noexcept {
  return a.Equals(std::string_view(b));
}
template <typename T, typename S, typename = IfStrAndStringLike<S, T>,
          typename = std::enable_if_t<!std::is_same_v<T, Str>>>
bool operator==(const T& a, const S& b) noexcept {
  return b.Equals(std::string_view(a));
}
template <typename S, typename T, typename = IfStrAndStringLike<S, T>>
bool operator!=(const S& a, const T& b) noexcept {
  return !a.Equals(std::string_view(b));
}
template <typename T, typename S, typename = IfStrAndStringLike<S, T>,
          typename = std::enable_if_t<!std::is_same_v<T, Str>>>
bool operator!=(const T& a, const S& b) noexcept {
  return !b.Equals(std::string_view(a));
}
template <typename S, typename T, typename = IfStrAndStringLike<S, T>>
bool operator<(const S& a, const T& b) noexcept {
  return a.view() < std::string_view(b);
}
template <typename T, typename S, typename = IfStrAndStringLike<S, T>,
          typename = std::enable_if_t<!std::is_same_v<T, Str>>>
bool operator<(const T& a, const S& b) noexcept {
  return std::string_view(a) < b.view();
}

inline std::string operator+(std::string a, const Str& b) { return a.append(b.view()); }
inline std::string operator+(const char* a, const Str& b) {
  return std::string(a).append(b.view());
}
inline std::string operator+(const Str& a, std::string_view b) {
  return std::string(a.view()).append(b);
}
inline std::string operator+(const Str& a, const char* b) {
  return std::string(a.view()).append(b);
}
inline std::string operator+(const Str& a, const std::string& b) {
  return std::string(a.view()).append(b);
}
inline std::string operator+(const Str& a, char b) { return std::string(a.view()) + b; }
inline std::string operator+(char a, const Str& b) { return std::string(1, a).append(b.view()); }

std::ostream& operator<<(std::ostream& os, const Str& s);

}  // namespace tsimport
