#pragma once
// Ewma: an exponentially weighted mean and variance of a series of samples, for baselines.
//
// In: update(x) per sample. Out: mean(), variance(), stddev(), zscore(x), samples(); defined()
// once `warmup` samples have been seen (before that mean/variance describe too little history
// to alert on; zscore() is NaN).
//
// Update (Finch 2009, "Incremental calculation of weighted mean and variance", eq. 124 and
// 143; West 1979 for the weighted form):
//   first sample:  mean = x, variance = 0
//   then:          d = x - mean;  mean += alpha d;  variance = (1 - alpha) (variance + alpha d^2)
// which equals the weighted mean and (biased) weighted variance of all samples with weights
// alpha (1 - alpha)^age, the first sample carrying the remaining (1 - alpha)^(n-1).
// alpha_for_span(N) = 2 / (N + 1): the EWMA whose centre of mass is (N - 1) / 2 samples back,
// i.e. it "spans" about N samples (the usual convention, e.g. pandas' `span`).
//
// zscore(x) = (x - mean) / stddev; with stddev 0 it is 0 for x == mean and +/-infinity
// otherwise (any change from a constant history is infinitely unusual).
//
// O(1), 32 bytes, no allocation. Thread safety: single-threaded.

#include <cstdint>

#include "engine/state/snapshot.hpp"

namespace sigil::state {

class Ewma {
 public:
  explicit Ewma(double alpha = 0.1, std::uint32_t warmup = 1);

  static double alpha_for_span(double samples) { return samples <= 1 ? 1.0 : 2.0 / (samples + 1.0); }

  void update(double x);
  void clear();

  double mean() const { return mean_; }
  double variance() const { return variance_; }
  double stddev() const;
  std::uint64_t samples() const { return samples_; }
  bool defined() const { return samples_ >= warmup_ && samples_ > 0; }
  double zscore(double x) const;  // NaN until defined()
  double alpha() const { return alpha_; }
  std::uint32_t warmup() const { return warmup_; }

  void write_to(Writer& w) const;
  bool read_from(Reader& r);

 private:
  double alpha_;
  double mean_ = 0;
  double variance_ = 0;
  std::uint32_t samples_ = 0;  // saturates
  std::uint32_t warmup_;
};

}  // namespace sigil::state
