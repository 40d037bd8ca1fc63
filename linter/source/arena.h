// A chunked object pool: nodes of a parse tree are made in blocks (one allocation per block, blocks
// growing geometrically up to a cap), never move, and are all destroyed with the pool. Parsers use it
// instead of one heap allocation per node.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
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

 private:
  static constexpr size_t kMaxBlock = 1024;

  void grow() {
    blocks_.push_back(std::make_unique<T[]>(next_size_));
    capacity_ = next_size_;
    used_ = 0;
    next_size_ = std::min(next_size_ * 2, kMaxBlock);
  }

  std::vector<std::unique_ptr<T[]>> blocks_;
  size_t capacity_ = 0;
  size_t used_ = 0;
  size_t count_ = 0;
  size_t next_size_;
};

}  // namespace stacklint
