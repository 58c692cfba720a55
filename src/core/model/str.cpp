#include "tsimport/str.h"

#include <new>
#include <ostream>
#include <stdexcept>

namespace tsimport {

namespace {

/// A buffer that owns a std::string (the input text).
struct TextBuffer : StrBuffer {
  std::string text;
};

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxSize = 0x7FFFFFFF;  // byte 15's high bit marks an inline Str

}  // namespace

StrBuffer* StrBuffer::Allocate(std::size_t size) {
  void* p = ::operator new(sizeof(StrBuffer) + size);
  auto* b = new (p) StrBuffer;
  b->kind = kOwned;
  b->data = reinterpret_cast<const char*>(b + 1);
  b->size = size;
  return b;
}

StrBuffer* StrBuffer::Adopt(std::string&& text) {
  auto* b = new TextBuffer;
  b->kind = kText;
  b->text = std::move(text);
  b->data = b->text.data();
  b->size = b->text.size();
  return b;
}

void StrBuffer::Free(StrBuffer* b) {
  if (b->kind == kText) {
    delete static_cast<TextBuffer*>(b);
  } else {
    b->~StrBuffer();
    ::operator delete(b);
  }
}

void Str::InitShared(std::string_view s) {
  StrBuffer* b = StrBuffer::Allocate(s.size());
  std::memcpy(const_cast<char*>(b->data), s.data(), s.size());
  std::memset(raw_, 0, sizeof raw_);
  SetShared(b, 0, s.size());  // takes the allocation's reference
}

void Str::SetShared(StrBuffer* b, std::size_t off, std::size_t n) {
  if (n > kMaxSize || off > UINT32_MAX) {
    b->Unref();
    throw std::length_error("a string of the model is 2 GiB or more");
  }
  const auto o = static_cast<std::uint32_t>(off);
  const auto size = static_cast<std::uint32_t>(n);
  std::memcpy(raw_, &b, sizeof b);
  std::memcpy(raw_ + 8, &o, 4);
  std::memcpy(raw_ + 12, &size, 4);
}

Str Str::Shared(StrBuffer* buffer, const char* p, std::size_t n) {
  Str s;
  if (n <= kInline) {
    s.SetInline(p, n);
  } else {
    buffer->Ref();
    s.SetShared(buffer, static_cast<std::size_t>(p - buffer->data), n);
  }
  return s;
}

StrArena::~StrArena() {
  if (chunk_ != nullptr) chunk_->Unref();
}

Str StrArena::Make(std::string_view s) {
  if (s.size() <= Str::kInline) return Str(s);
  if (s.size() > kChunk / 4) return Str(s);  // a long string takes an allocation of its own
  if (chunk_ == nullptr || capacity_ - used_ < s.size()) {
    if (chunk_ != nullptr) chunk_->Unref();
    chunk_ = StrBuffer::Allocate(kChunk);
    used_ = 0;
    capacity_ = kChunk;
  }
  char* p = const_cast<char*>(chunk_->data) + used_;
  std::memcpy(p, s.data(), s.size());
  used_ += s.size();
  return Str::Shared(chunk_, p, s.size());
}

std::ostream& operator<<(std::ostream& os, const Str& s) { return os << s.view(); }

}  // namespace tsimport
