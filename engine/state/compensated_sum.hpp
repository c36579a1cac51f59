#pragma once
// A running sum that values are added to and later subtracted from (sliding windows), with
// Neumaier's compensation so that what has left the window does not leave rounding error
// behind: after adding 1e16 and 1 and removing 1e16, value() is 1, not 0.
// 16 bytes, O(1), no allocation. Thread safety: single-threaded.

#include <cmath>

namespace sigil::state {

class CompensatedSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    if (std::fabs(sum_) >= std::fabs(x)) {
      comp_ += (sum_ - t) + x;
    } else {
      comp_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  void subtract(double x) { add(-x); }
  void reset() { sum_ = comp_ = 0; }
  double value() const { return sum_ + comp_; }
  // The raw parts, for snapshots.
  double sum_part() const { return sum_; }
  double compensation_part() const { return comp_; }
  void restore(double sum, double comp) {
    sum_ = sum;
    comp_ = comp;
  }

 private:
  double sum_ = 0;
  double comp_ = 0;
};

}  // namespace sigil::state
