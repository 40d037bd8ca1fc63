// Arena<T>, a chunked object pool: nodes of a parse tree are made in blocks (one allocation per block, blocks
// growing geometrically up to a cap), never move, and are all destroyed with the pool. Parsers use it
// instead of one heap allocation per node.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <memory_resource>
#include <vector>

namespace stacklint {

template <class T>
class Arena {
 public:
  // `first` is the size of the first block (a good guess of the node count saves the growth).
  explicit Arena(size_t first = 16) : next_size_(std::max<size_t>(first, 1)) {}

  T& make() {
    if (used_ == capacity_) grow();
    ++count_;
    return blocks_.back()[used_++];
  }
  [[nodiscard]] size_t size() const { return count_; }

  // Frees the blocks whose objects were all made before `object` (one of this pool's), never the
  // block being filled: for a tree read once in the order it was made, whose earlier nodes are never
  // read again (their memory is reused while the rest is read). Objects of freed blocks dangle. An
  // object of no block still held (an earlier call went past it) frees nothing.
  void release_before(const T* object) {
    const std::less<const T*> before;
    for (size_t i = released_; i < blocks_.size(); ++i) {
      const T* first = blocks_[i].get();
      if (before(object, first) || !before(object, first + sizes_[i])) continue;
      for (; released_ < i; ++released_) blocks_[released_].reset();
      return;
    }
  }

 private:
  static constexpr size_t kMaxBlock = 1024;

  void grow() {
    blocks_.push_back(std::make_unique<T[]>(next_size_));
    sizes_.push_back(next_size_);
    capacity_ = next_size_;
    used_ = 0;
    next_size_ = std::min(next_size_ * 2, kMaxBlock);
  }

  std::vector<std::unique_ptr<T[]>> blocks_;
  std::vector<size_t> sizes_;  // of each block
  size_t released_ = 0;        // blocks_[0, released_) are freed (release_before)
  size_t capacity_ = 0;
  size_t used_ = 0;
  size_t count_ = 0;
  size_t next_size_;
};

// Bump allocation for objects that need no destructor (parse trees' nodes, strings and lists):
// a first block of exactly the size asked for (a good estimate makes it the only one), then blocks of
// a quarter of that size (at least 1 KiB and what the request needs); nothing is freed before the
// whole arena. Unlike std::pmr::monotonic_buffer_resource, block sizes are not rounded up to powers
// of two. Not thread-safe: one parser at a time.
class ByteArena : public std::pmr::memory_resource {
 public:
  explicit ByteArena(size_t first_block) : next_size_(std::max<size_t>(first_block, 64)) {}

 private:
  void* do_allocate(size_t bytes, size_t alignment) override {
    auto space = static_cast<size_t>(end_ - cursor_);
    void* p = cursor_;
    if (cursor_ == nullptr || std::align(alignment, bytes, p, space) == nullptr) {
      const size_t size = std::max(next_size_, bytes + alignment);
      if (blocks_.empty()) next_size_ = std::max<size_t>(next_size_ / 4, 1024);
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
      cursor_ = blocks_.back().get();
      end_ = cursor_ + size;
      space = size;
      p = cursor_;
      std::align(alignment, bytes, p, space);
    }
    cursor_ = static_cast<std::byte*>(p) + bytes;
    return p;
  }
  void do_deallocate(void* /*p*/, size_t /*bytes*/, size_t /*alignment*/) override {}
  [[nodiscard]] bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }

  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* cursor_ = nullptr;
  std::byte* end_ = nullptr;
  size_t next_size_;
};

}  // namespace stacklint
