#include "engine/state/ewma.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sigil::state {
namespace {
constexpr std::uint8_t kVersion = 1;
}

Ewma::Ewma(double alpha, std::uint32_t warmup)
    : alpha_(std::isfinite(alpha) ? std::clamp(alpha, 1e-12, 1.0) : 1.0), warmup_(warmup) {}

void Ewma::update(double x) {
  if (!std::isfinite(x)) return;
  if (samples_ == 0) {
    mean_ = x;
    variance_ = 0;
  } else {
    const double d = x - mean_;
    const double incr = alpha_ * d;
    mean_ += incr;
    variance_ = (1.0 - alpha_) * (variance_ + d * incr);
  }
  if (samples_ < std::numeric_limits<std::uint32_t>::max()) ++samples_;
}

void Ewma::clear() {
  mean_ = variance_ = 0;
  samples_ = 0;
}

double Ewma::stddev() const { return std::sqrt(std::max(variance_, 0.0)); }

double Ewma::zscore(double x) const {
  if (!defined()) return std::numeric_limits<double>::quiet_NaN();
  const double d = x - mean_;
  const double s = stddev();
  if (s == 0) return d == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), d);
  return d / s;
}

void Ewma::write_to(Writer& w) const {
  w.header(SnapshotTag::ewma, kVersion);
  w.f64(alpha_);
  w.varint(warmup_);
  w.varint(samples_);
  w.f64(mean_);
  w.f64(variance_);
}

bool Ewma::read_from(Reader& r) {
  double alpha = 0, mean = 0, variance = 0;
  std::uint64_t warmup = 0, samples = 0;
  if (!r.header(SnapshotTag::ewma, kVersion) || !r.f64(alpha) || !r.varint(warmup) || !r.varint(samples) ||
      !r.f64(mean) || !r.f64(variance))
    return false;
  if (alpha != alpha_ || warmup != warmup_) return r.fail("baseline alpha or warm-up differs from the rule's");
  if (samples > std::numeric_limits<std::uint32_t>::max()) return r.fail("baseline sample count out of range");
  if (!std::isfinite(mean) || !std::isfinite(variance) || variance < 0 || (samples == 0 && (mean != 0 || variance != 0)))
    return r.fail("baseline mean or variance is invalid");
  samples_ = static_cast<std::uint32_t>(samples);
  mean_ = mean;
  variance_ = variance;
  return true;
}

}  // namespace sigil::state
