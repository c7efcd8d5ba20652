/// @file report.cpp
/// Rendering a Report as text, JSON or CSV (see report.hpp; schema in README.md).
#include "primes/report.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "primes/kernel_factory.hpp"
#include "primes/version.hpp"

namespace primes {
namespace {

// Exact JSON for a 128-bit count: a number whenever it fits in 64 bits (always, except for
// 2^64 itself, one worker over the whole 64-bit range, and pi(x) and its x past 2^64),
// otherwise its decimal string.
nlohmann::ordered_json json_u128(u128 v) {
  if (v <= kMaxU64) return static_cast<std::uint64_t>(v);
  return to_decimal(v);
}

// Seconds for people: milliseconds, or microseconds below 10 ms (the seed's workload takes tens
// of microseconds with the sieve, which "0.000 s" would hide).
std::string seconds_text(double s) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), s < 0.01 ? "%.6f" : "%.3f", s);
  return buf.data();
}

// Seconds for scripts: nanoseconds, whatever the size.
std::string seconds_csv(double s) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.9f", s);
  return buf.data();
}

struct BusyRange {
  double min = 0.0;
  double max = 0.0;
};

BusyRange busy_range(const Report& r) {
  if (r.per_worker.empty()) return {};
  auto [lo, hi] = std::minmax_element(
      r.per_worker.begin(), r.per_worker.end(),
      [](const WorkerReport& a, const WorkerReport& b) { return a.busy_seconds < b.busy_seconds; });
  return {lo->busy_seconds, hi->busy_seconds};
}

std::string counted(std::uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string render_text(const Report& r) {
  const bool threads = r.mode == Frontend::threads;
  std::ostringstream out;
  out << (threads ? "Threads: " : "Processes: ") << to_decimal(r.count)
      << (r.count == 1 ? " prime" : " primes");
  if (r.input)
    out << " among " << to_decimal(r.numbers) << (r.numbers == 1 ? " number" : " numbers");
  out << " in " << seconds_text(r.seconds) << " s with ";
  if (threads) {
    out << counted(r.workers, "thread", "threads");
  } else {
    out << counted(r.ranks, "process", "processes");
    if (r.threads_per_rank > 1)
      out << " \u00d7 " << counted(r.threads_per_rank, "thread", "threads");
  }
  if (r.resumed_chunks > 0) {
    out << " (" << counted(r.resumed_chunks, "chunk", "chunks");
    if (!combinatorial(r.kernel)) out << " and " << counted(r.resumed_primes, "prime", "primes");
    out << " from the checkpoint)";
  }
  if (combinatorial(r.kernel)) {
    out << " by " << to_string(r.kernel) << " (combinatorial pi(x)";
    if (!r.kernel_reason.empty()) out << "; auto: " << r.kernel_reason;
    if (r.double_checked) out << "; double-checked: two tunings agree";
    out << ")";
  }
  out << "\n";
  return out.str();
}

constexpr std::string_view kCsvHeader =
    "mode,first,last,count,kernel,schedule,chunk_size,workers,chunks,seconds,"
    "busy_min_seconds,busy_max_seconds,version,ranks,threads_per_rank,resumed_chunks,"
    "resumed_primes";

constexpr std::string_view kListCsvHeader =
    "mode,input,numbers,count,kernel,batch_size,workers,batches,seconds,busy_min_seconds,"
    "busy_max_seconds,version,ranks,threads_per_rank";

// A CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text)
    q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string render_list_csv(const Report& r) {
  const BusyRange busy = busy_range(r);
  std::ostringstream out;
  out << kListCsvHeader << "\n"
      << mode_name(r.mode) << ',' << csv_field(*r.input) << ',' << to_decimal(r.numbers) << ','
      << to_decimal(r.count) << ",miller-rabin," << to_decimal(r.chunk_size) << ',' << r.workers
      << ',' << to_decimal(r.chunks) << ',' << seconds_csv(r.seconds) << ','
      << seconds_csv(busy.min) << ',' << seconds_csv(busy.max) << ',' << kVersion << ',' << r.ranks
      << ',' << r.threads_per_rank << "\n";
  return out.str();
}

std::string render_csv(const Report& r) {
  if (r.input) return render_list_csv(r);
  const BusyRange busy = busy_range(r);
  std::ostringstream out;
  out << kCsvHeader << "\n"
      << mode_name(r.mode) << ',' << r.range.first << ',' << to_decimal(r.range.top()) << ','
      << to_decimal(r.count) << ',' << to_string(r.kernel) << ',' << to_string(r.schedule) << ','
      << to_decimal(r.chunk_size) << ',' << r.workers << ',' << to_decimal(r.chunks) << ','
      << seconds_csv(r.seconds) << ',' << seconds_csv(busy.min) << ',' << seconds_csv(busy.max)
      << ',' << kVersion << ',' << r.ranks << ',' << r.threads_per_rank << ',' << r.resumed_chunks
      << ',' << r.resumed_primes << "\n";
  return out.str();
}

}  // namespace

Tally::Tally(std::uint64_t workers, std::shared_ptr<Join> join)
    : workers_(workers), join_(std::move(join)) {
  for (std::uint64_t id = 0; id < workers; ++id)
    workers_[id].id = id;
}

void Tally::accept(ChunkResult result) {
  join_->add(result.index, result.value);
  WorkerReport& w = workers_.at(result.worker);
  w.primes += join_->primes_in(result.value);
  w.numbers += result.range.size();
  w.busy_seconds += result.busy_seconds;
  ++w.chunks;
  numbers_ += result.range.size();
}

void Tally::set_host(std::uint64_t worker, std::string host) {
  workers_.at(worker).host = std::move(host);
}

Report make_list_report(Frontend mode, const Job& job, const std::string& input, double seconds,
                        const Tally& tally) {
  Work none{ChunkPlan(Range{0, 0}, kListBatch), ChunkList::range(0, 0), nullptr};
  Report r = make_report(mode, job, none, seconds, tally);
  r.input = input;
  r.range = {};
  return r;
}

Report make_report(Frontend mode, const Job& job, const Work& work, double seconds,
                   const Tally& tally) {
  const ChunkPlan& plan = work.plan;
  Report r;
  r.mode = mode;
  r.range = job.range;
  r.kernel = job.kernel;
  r.kernel_reason = job.kernel_reason;
  r.schedule = job.schedule;
  r.chunk_size = plan.chunk_size();
  r.workers = tally.workers().size();
  r.ranks = job.ranks;
  r.threads_per_rank = job.threads;
  r.seconds = seconds;
  r.per_worker = tally.workers();
  r.resumed_chunks = work.resumed_chunks;
  r.resumed_primes = work.resumed_primes;
  r.kernel_parameters = kernel_parameters(job.kernel, job.range, job.double_check);
  r.double_checked = job.double_check;
  r.disagreement = tally.disagreement();
  const u128 top_first = std::max(u128{job.range.first}, u128{job.range.last} + 1 - r.chunk_size);
  r.memory_per_worker = memory_need(
      job.kernel,
      combinatorial(job.kernel) ? job.range
                                : Range{static_cast<std::uint64_t>(top_first), job.range.last},
      job.double_check);
  r.count = tally.count().value_or(0);
  r.numbers = work.resumed_numbers + tally.numbers();
  for (WorkerReport& w : r.per_worker) {
    w.rank = w.id / job.threads;
    w.thread = w.id % job.threads;
    r.chunks += w.chunks;
  }
  return r;
}

std::string_view mode_name(Frontend mode) noexcept {
  return mode == Frontend::threads ? "threads" : "processes";
}

nlohmann::ordered_json to_json(const Report& r) {
  const BusyRange busy = busy_range(r);
  nlohmann::ordered_json workers = nlohmann::ordered_json::array();
  for (const WorkerReport& w : r.per_worker) {
    workers.push_back({{"id", w.id},
                       {"rank", w.rank},
                       {"thread", w.thread},
                       {"host", w.host},
                       {r.input ? "batches" : "chunks", w.chunks},
                       {"numbers", json_u128(w.numbers)},
                       {"primes", w.primes},
                       {"busy_seconds", w.busy_seconds}});
  }
  // One object for both kinds of job, its fields in the order the README lists them: a list's
  // (--input) stand where a range's would.
  nlohmann::ordered_json j;
  j["mode"] = mode_name(r.mode);
  if (r.input) {
    j["input"] = *r.input;
    j["numbers"] = json_u128(r.numbers);
  } else {
    j["first"] = r.range.first;
    j["last"] = json_u128(r.range.top());
  }
  j["count"] = json_u128(r.count);
  if (r.input) {
    j["kernel"] = "miller-rabin";
    j["batch_size"] = json_u128(r.chunk_size);
  } else {
    j["kernel"] = to_string(r.kernel);
    j["kernel_choice"] = r.kernel_reason.empty() ? "named" : "auto";
    j["kernel_reason"] = r.kernel_reason;
    j["double_check"] = r.double_checked;
    j["schedule"] = to_string(r.schedule);
    j["chunk_size"] = json_u128(r.chunk_size);
  }
  j["workers"] = r.workers;
  j["ranks"] = r.ranks;
  j["threads_per_rank"] = r.threads_per_rank;
  if (r.input) {
    j["batches"] = json_u128(r.chunks);
  } else {
    j["chunks"] = json_u128(r.chunks);
    j["resumed_chunks"] = r.resumed_chunks;
    j["resumed_primes"] = r.resumed_primes;
  }
  j["seconds"] = r.seconds;
  j["busy_min_seconds"] = busy.min;
  j["busy_max_seconds"] = busy.max;
  if (!r.input) {
    nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
    for (const auto& [name, value] : r.kernel_parameters)
      parameters[name] = value;
    j["kernel_parameters"] = parameters;
    j["memory_per_worker_bytes"] = r.memory_per_worker;
  }
  j["per_worker"] = workers;
  j["version"] = kVersion;
  return j;
}

std::string render(const Report& report, Format format) {
  switch (format) {
    case Format::json:
      return to_json(report).dump(2) + "\n";
    case Format::csv:
      return render_csv(report);
    case Format::text:
      break;
  }
  return render_text(report);
}

}  // namespace primes
