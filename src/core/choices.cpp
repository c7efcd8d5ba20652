/// @file choices.cpp
/// Names of the user's choices (see choices.hpp): one table per enum, read both ways.
#include "primes/choices.hpp"

#include <array>
#include <utility>

namespace primes {
namespace {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<KernelKind, 5> kKernelNames{{{KernelKind::trial, "trial"},
                                                 {KernelKind::sieve, "sieve"},
                                                 {KernelKind::lmo, "lmo"},
                                                 {KernelKind::gourdon, "gourdon"},
                                                 {KernelKind::primality, "primality"}}};
constexpr NameTable<Schedule, 2> kScheduleNames{
    {{Schedule::static_blocks, "static"}, {Schedule::dynamic_chunks, "dynamic"}}};
constexpr NameTable<Format, 3> kFormatNames{
    {{Format::text, "text"}, {Format::json, "json"}, {Format::csv, "csv"}}};

template <class Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) noexcept {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const NameTable<Enum, N>& table, std::string_view name) noexcept {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(KernelKind kind) noexcept {
  return name_of(kKernelNames, kind);
}
std::string_view to_string(Schedule schedule) noexcept {
  return name_of(kScheduleNames, schedule);
}
std::string_view to_string(Format format) noexcept {
  return name_of(kFormatNames, format);
}

std::optional<KernelKind> kernel_from_string(std::string_view name) noexcept {
  return value_of(kKernelNames, name);
}
std::optional<Schedule> schedule_from_string(std::string_view name) noexcept {
  return value_of(kScheduleNames, name);
}
std::optional<Format> format_from_string(std::string_view name) noexcept {
  return value_of(kFormatNames, name);
}

}  // namespace primes
