#include "core/calibration.hpp"

#include <cmath>
#include <stdexcept>

namespace hatewatch::core {
namespace {

// Parameters: log scale (keeps scales positive) and shift per class.
using params = std::array<double, 2 * class_count>;

calibration to_calibration(const params& t) {
  calibration c;
  for (std::size_t k = 0; k < class_count; ++k) {
    c.scale[k] = static_cast<float>(std::exp(t[k]));
    c.shift[k] = static_cast<float>(t[class_count + k]);
  }
  return c;
}

// Loss and gradient at t.
double loss(const std::vector<calibration_example>& data, const params& t, params* grad) {
  double total = 0, weight = 0;
  if (grad)
    grad->fill(0);
  for (const auto& e : data) {
    std::array<double, class_count> z, p;
    double top = -HUGE_VAL;
    for (std::size_t k = 0; k < class_count; ++k) {
      z[k] = std::exp(t[k]) * e.d[k] + t[class_count + k];
      top = std::max(top, z[k]);
    }
    double sum = 0;
    for (std::size_t k = 0; k < class_count; ++k)
      sum += p[k] = std::exp(z[k] - top);
    for (auto& x : p)
      x /= sum;
    // Target distribution: one-hot, or p restricted to {offensive, neither} for a partial label.
    std::array<double, class_count> target{};
    double likelihood;
    if (e.neither_only && e.y != neither) {
      likelihood = p[0] + p[1];
      target[0] = p[0] / likelihood;
      target[1] = p[1] / likelihood;
    } else if (e.y == hate_speech || e.labels_offensive || e.neither_only) {
      target[e.y] = 1;
      likelihood = p[e.y];
    } else {
      likelihood = p[1] + p[2];
      target[1] = p[1] / likelihood;
      target[2] = p[2] / likelihood;
    }
    total -= e.weight * std::log(std::max(likelihood, 1e-300));
    weight += e.weight;
    if (grad)
      for (std::size_t k = 0; k < class_count; ++k) {
        const double g = e.weight * (p[k] - target[k]);
        (*grad)[k] += g * std::exp(t[k]) * e.d[k];
        (*grad)[class_count + k] += g;
      }
  }
  if (grad)
    for (auto& g : *grad)
      g /= weight;
  return total / weight;
}

} // namespace

double calibrated_log_loss(const std::vector<calibration_example>& data, const calibration& cal) {
  params t;
  for (std::size_t k = 0; k < class_count; ++k) {
    t[k] = std::log(cal.scale[k]);
    t[class_count + k] = cal.shift[k];
  }
  return loss(data, t, nullptr);
}

calibration fit_calibration(const std::vector<calibration_example>& data) {
  double weight = 0;
  for (const auto& e : data)
    weight += e.weight;
  if (data.empty() || !(weight > 0))
    throw std::invalid_argument("calibration needs out-of-fold predictions with positive weight");
  // Gradient descent with a backtracking line search: six smooth parameters, so a few hundred
  // steps reach the optimum to well below what float storage keeps.
  params t{};
  params g;
  double f = loss(data, t, &g);
  double step = 1.0;
  for (int iteration = 0; iteration < 500; ++iteration) {
    double norm2 = 0;
    for (double x : g)
      norm2 += x * x;
    if (norm2 < 1e-14)
      break;
    params next;
    double f_next;
    for (;;) {
      for (std::size_t i = 0; i < t.size(); ++i)
        next[i] = t[i] - step * g[i];
      f_next = loss(data, next, nullptr);
      if (f_next <= f - 0.5 * step * norm2 || step < 1e-12)
        break;
      step *= 0.5;
    }
    if (!(f_next < f))
      break;
    t = next;
    f = loss(data, t, &g);
    step *= 2;
  }
  return to_calibration(t);
}

} // namespace hatewatch::core
