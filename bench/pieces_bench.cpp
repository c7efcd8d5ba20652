/// @file pieces_bench.cpp
/// How well pi(x) by gourdon can spread over many workers: times every piece of the job's plan
/// on this one core, then plays the dynamic schedule (each idle worker takes the next piece, in
/// the plan's order, as the coordinator hands them out) for several numbers of workers, with a
/// cost per piece for the coordinator's round trip. Prints the pieces by kind (count, total,
/// longest) and the efficiency the schedule allows: total work / (workers x makespan).
///
///   pieces_bench X [--round-trip SECONDS] [--workers N,N,...] [--double-check] [--list]
///   pieces_bench X --estimate [--double-check] [--list]
///   pieces_bench X --pieces A-B [--double-check] [--list]
///
/// --list also prints every piece: its index, term (hard, easy, P2), [lo, hi), seconds and the
/// layout's estimate of its work (what the progress line counts; gourdon_job.cpp). --estimate
/// counts nothing: it prints the layout, the estimated share of the work done after every tenth of
/// the pieces in the plan's order (and with --list every piece), for any X up to 10^30.
/// --pieces times only the pieces A to B - 1 of the plan (after building its tables): the cost
/// of some pieces of a large x (P2's last ones, say) without counting all of it; no schedule.
///
/// The figures are for this machine's core; the shape (which pieces bound the makespan, from how
/// many workers on) is what carries to other machines.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <queue>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "primes/gourdon.hpp"
#include "primes/gourdon_job.hpp"
#include "primes/number_parser.hpp"

namespace {

using primes::GourdonLayout;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

// The makespan of handing `costs` out in order to `workers` workers, each piece costing
// `round_trip` more (its request and its result), the coordinator answering one at a time.
double makespan(const std::vector<double>& costs, std::uint64_t workers, double round_trip) {
  std::priority_queue<double, std::vector<double>, std::greater<>> free_at;
  for (std::uint64_t w = 0; w < workers; ++w)
    free_at.push(0.0);
  double coordinator = 0.0;  // when the coordinator can answer the next request
  double end = 0.0;
  for (const double c : costs) {
    const double asked = free_at.top();
    free_at.pop();
    const double start = std::max(asked, coordinator) + round_trip;
    coordinator = std::max(asked, coordinator) + round_trip;
    free_at.push(start + c);
    end = std::max(end, start + c);
  }
  return end;
}

struct Kind {
  const char* name;
  std::uint64_t pieces = 0;
  double total = 0.0;
  double longest = 0.0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: pieces_bench X [--round-trip SECONDS] [--workers N,N,...] "
                 "[--double-check] [--list] [--estimate] [--pieces A-B]\n");
    return 2;
  }
  primes::u128 x = 0;
  try {
    x = primes::parse_wide_number(argv[1], primes::kGourdonMax, "10^30");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pieces_bench: X: %s\n", e.what());
    return 2;
  }
  double round_trip = 100e-6;
  std::vector<std::uint64_t> workers = {1, 2, 4, 16, 64, 256, 1024};
  bool double_check = false;
  bool list = false;
  bool estimate = false;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> only;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--round-trip" && i + 1 < argc) {
      round_trip = std::stod(argv[++i]);
    } else if (a == "--workers" && i + 1 < argc) {
      workers.clear();
      std::stringstream numbers(argv[++i]);
      for (std::string n; std::getline(numbers, n, ',');)
        workers.push_back(std::stoull(n));
    } else if (a == "--double-check") {
      double_check = true;
    } else if (a == "--list") {
      list = true;
    } else if (a == "--estimate") {
      estimate = true;
    } else if (a == "--pieces" && i + 1 < argc) {
      const std::string span = argv[++i];
      const std::size_t dash = span.find('-');
      if (dash == std::string::npos) {
        std::fprintf(stderr, "pieces_bench: --pieces takes A-B\n");
        return 2;
      }
      only.emplace(std::stoull(span.substr(0, dash)), std::stoull(span.substr(dash + 1)));
    } else {
      std::fprintf(stderr, "pieces_bench: unknown argument '%s'\n", a.c_str());
      return 2;
    }
  }

  const primes::Range range{0, static_cast<std::uint64_t>(x), static_cast<std::uint64_t>(x >> 64)};
  const GourdonLayout layout(range, double_check);
  if (estimate) {
    const double total = static_cast<double>(layout.total_work());
    const std::uint64_t n = layout.chunks();
    const primes::GourdonParameters p = primes::gourdon_parameters(x);
    std::printf(
        "pi(%s) by gourdon%s: y = %llu, z = %llu, %llu pieces; estimated share of the "
        "work done after\n",
        argv[1], double_check ? " --double-check" : "", static_cast<unsigned long long>(p.y),
        static_cast<unsigned long long>(p.z), static_cast<unsigned long long>(n));
    primes::u128 done = 0;
    for (std::uint64_t i = 0, tenth = 1; i < n; ++i) {
      const GourdonLayout::Piece piece = layout.piece(i);
      done += piece.work;
      if (list) {
        std::printf("piece %llu %s [%llu, %llu) work %llu\n", static_cast<unsigned long long>(i),
                    piece.term == GourdonLayout::Term::hard_leaves   ? "hard"
                    : piece.term == GourdonLayout::Term::easy_leaves ? "easy"
                    : piece.term == GourdonLayout::Term::p2          ? "P2"
                                                                     : "direct",
                    static_cast<unsigned long long>(piece.lo),
                    static_cast<unsigned long long>(piece.hi),
                    static_cast<unsigned long long>(piece.work));
      }
      if ((i + 1) * 10 >= tenth * n) {
        std::printf("  %3llu%% of the pieces (%llu): %5.1f%%\n",
                    static_cast<unsigned long long>(tenth * 10),
                    static_cast<unsigned long long>(i + 1),
                    100.0 * static_cast<double>(done) / total);
        ++tenth;
      }
    }
    std::printf("estimated share of each term:");
    for (const auto& [term, name] : {std::pair{GourdonLayout::Term::hard_leaves, "hard leaves"},
                                     std::pair{GourdonLayout::Term::easy_leaves, "easy leaves"},
                                     std::pair{GourdonLayout::Term::p2, "P2"}}) {
      std::printf(" %s %.1f%%", name, 100.0 * static_cast<double>(layout.term_work(term)) / total);
    }
    std::printf("\n");
    return 0;
  }
  auto t = Clock::now();
  std::unique_ptr<primes::Kernel> kernel = primes::make_gourdon_kernel(range, double_check);
  const double plan = seconds_since(t);
  std::vector<double> costs;
  // By term (GourdonLayout::Term's order).
  Kind kinds[GourdonLayout::kTerms] = {{"direct"}, {"hard leaves"}, {"easy leaves"}, {"P2"}};
  const std::uint64_t from = only ? std::min(only->first, layout.chunks()) : 0;
  const std::uint64_t to = only ? std::clamp(only->second, from, layout.chunks()) : layout.chunks();
  for (std::uint64_t i = from; i < to; ++i) {
    t = Clock::now();
    kernel->count({i, i});
    costs.push_back(seconds_since(t));
    Kind& k = kinds[static_cast<std::size_t>(layout.piece(i).term)];
    ++k.pieces;
    k.total += costs.back();
    k.longest = std::max(k.longest, costs.back());
    if (list) {
      const GourdonLayout::Piece piece = layout.piece(i);
      std::printf("piece %llu %s [%llu, %llu) %.4f s work %llu\n",
                  static_cast<unsigned long long>(i), k.name,
                  static_cast<unsigned long long>(piece.lo),
                  static_cast<unsigned long long>(piece.hi), costs.back(),
                  static_cast<unsigned long long>(piece.work));
    }
  }
  double total = 0.0;
  for (const double c : costs)
    total += c;

  const primes::GourdonParameters p = primes::gourdon_parameters(x);
  std::printf("pi(%s) by gourdon%s, one core of %s\n", argv[1],
              double_check ? " --double-check" : "", cpu_model().c_str());
  std::printf("y = %llu, z = %llu; plan (once per process) %.3f s; pieces %.3f s in all\n",
              static_cast<unsigned long long>(p.y), static_cast<unsigned long long>(p.z), plan,
              total);
  std::printf("%-22s %8s %10s %10s\n", "pieces", "count", "seconds", "longest");
  for (const Kind& k : kinds) {
    if (k.pieces == 0) continue;
    std::printf("%-22s %8llu %10.3f %10.4f\n", k.name, static_cast<unsigned long long>(k.pieces),
                k.total, k.longest);
  }
  if (only) {
    std::printf("(only the pieces [%llu, %llu) of %llu)\n", static_cast<unsigned long long>(from),
                static_cast<unsigned long long>(to),
                static_cast<unsigned long long>(layout.chunks()));
    return 0;
  }
  std::printf("\ndynamic schedule in the plan's order, %.0f us per piece at the coordinator\n",
              round_trip * 1e6);
  std::printf("%8s %12s %11s\n", "workers", "makespan s", "efficiency");
  for (const std::uint64_t w : workers) {
    const double m = makespan(costs, w, round_trip);
    std::printf("%8llu %12.4f %10.1f%%\n", static_cast<unsigned long long>(w), m,
                100.0 * total / (static_cast<double>(w) * m));
  }
  return 0;
}
