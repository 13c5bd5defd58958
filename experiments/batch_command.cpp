#include "experiments/batch_command.hpp"

#include <fcntl.h>
#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/task_arena.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "experiments/experiment.hpp"
#include "experiments/json_line.hpp"
#include "experiments/part_finisher.hpp"
#include "experiments/progress_bar.hpp"
#include "experiments/replication_part.hpp"
#include "experiments/result_file.hpp"
#include "models/care_model.hpp"
#include "models/scenario.hpp"
#include "sim/engine/mpi_comm.hpp"
#include "sim/input/closest_name.hpp"

namespace retzef::experiments {
namespace {

namespace fs = std::filesystem;

struct BatchOptions {
  std::string experiment;
  BatchSettings settings;
  std::string trace;
  std::uint32_t replications = 0;
};

/// Parses "K/N" (0 <= K < N).
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  if (text.empty()) return {0, 1};
  std::size_t k = 0, n = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> k >> slash >> n) || slash != '/' || n == 0 || k >= n || !in.eof()) {
    throw std::invalid_argument("--shard: expected K/N with 0 <= K < N, got '" + text + "'");
  }
  return {k, n};
}

/// One replication of one case: the unit of work.
struct Item {
  std::size_t case_index = 0;
  std::uint32_t replication = 0;
  std::string key;
  fs::path path;
};

std::string part_name(std::size_t case_index, std::uint32_t replication) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "c%04zu-r%06u.h5", case_index, replication);
  return buf;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Every replication of every case, in the fixed order that ranks and shards deal from.
std::vector<Item> list_items(const Experiment& ex, const fs::path& parts_dir) {
  std::vector<Item> items;
  for (std::size_t c = 0; c < ex.cases.size(); ++c) {
    for (std::uint32_t r = 0; r < ex.replications; ++r) {
      items.push_back({c, r, part_key(ex.cases[c], ex.seed, r), parts_dir / part_name(c, r)});
    }
  }
  return items;
}

void make_parts_folder(const fs::path& parts_dir) {
  std::error_code ec;
  fs::create_directories(parts_dir, ec);
  if (ec) {
    throw std::runtime_error(parts_dir.string() +
                             ": cannot create the folder for replications: " + ec.message());
  }
}

/// Two batches writing the same replications would trip over each other's temporary files:
/// each share (the whole batch, or one --shard) holds a lock while it runs, taken by its rank 0.
class ShareLock {
 public:
  ShareLock(const fs::path& parts_dir, const fs::path& out, std::size_t shard, std::size_t shards,
            bool take) {
    if (!take) return;
    const fs::path lock =
        parts_dir / ("lock-" + std::to_string(shard) + "-of-" + std::to_string(shards));
    fd_ = ::open(lock.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (fd_ < 0 || ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (fd_ >= 0) ::close(fd_);
      throw std::runtime_error(out.string() + ": another retzef batch is writing it (" +
                               lock.string() + " is locked); wait for it to end or stop it");
    }
  }
  ~ShareLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  ShareLock(const ShareLock&) = delete;
  ShareLock& operator=(const ShareLock&) = delete;

 private:
  int fd_ = -1;
};

/// The replications this rank runs: dealt round-robin in a fixed order, skipping the ones a
/// previous, interrupted batch finished and discarding their leftovers. With --shard K/N
/// (independent jobs, e.g. a Slurm array) the dealing goes over N x ranks slots, so jobs and
/// their ranks never share a replication. `mine` is how many the rank's slot has in all.
std::vector<const Item*> pending_items(const std::vector<Item>& items, const sim::Comm& comm,
                                       std::size_t shard, std::size_t shards, std::size_t& mine) {
  std::vector<const Item*> pending;
  const std::size_t slots = shards * static_cast<std::size_t>(comm.size());
  const std::size_t slot =
      shard * static_cast<std::size_t>(comm.size()) + static_cast<std::size_t>(comm.rank());
  for (std::size_t i = slot; i < items.size(); i += slots) {
    ++mine;
    const Item& item = items[i];
    std::error_code ec;
    fs::remove(item.path.string() + ".tmp", ec);
    if (part_is_complete(item.path, item.key)) continue;
    if (fs::exists(item.path, ec)) {
      spdlog::warn("{}: stale or damaged (another experiment?); running it again",
                   item.path.string());
      fs::remove(item.path, ec);
    }
    pending.push_back(&item);
  }
  return pending;
}

/// The replications this process has finished: a bar on a terminal; without one (a log file,
/// a cluster job) a plain line every tenth of the work. Task threads report to it.
class RunProgress {
 public:
  RunProgress(const std::string& name, std::size_t total, bool bar_on)
      : bar_(name, static_cast<double>(total), bar_on), total_(total), bar_on_(bar_on) {}

  void finished(const Case& c, std::uint32_t replication, const PartResult& r) {
    const std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    events_ += r.events;
    const double elapsed = seconds();
    const double rate = static_cast<double>(events_) / std::max(elapsed, 1e-9);
    char note[64];
    std::snprintf(note, sizeof note, "%zu/%zu  %.2f M events/s ", done_, total_, rate / 1e6);
    bar_.update(static_cast<double>(done_), note);
    spdlog::debug("{} replication {}: {} events in {:.2f} s", c.name, replication, r.events,
                  r.seconds);
    if (!bar_on_ && done_ * 10 >= next_log_ * total_) {
      const double eta = elapsed * static_cast<double>(total_ - done_) / static_cast<double>(done_);
      spdlog::info("{}/{} replications, {:.2f} M events/s, eta {:.0f} s", done_, total_, rate / 1e6,
                   eta);
      while (next_log_ * total_ <= done_ * 10)
        ++next_log_;
    }
  }
  void finish() { bar_.finish(); }
  std::size_t done() const { return done_; }
  std::uint64_t events() const { return events_; }
  double seconds() const { return seconds_since(started_); }

 private:
  ProgressBar bar_;
  std::size_t total_;
  bool bar_on_;
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::uint64_t events_ = 0;
  std::size_t next_log_ = 1;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

/// Rank 0 of a whole batch assembles the result while replications run: parts finished by an
/// earlier, interrupted batch first, then each of its own as it finishes (other ranks' parts
/// once they are all done). A failure there stops no replication: the parts are kept, and the
/// batch reports it at the end.
struct Assembler {
  std::optional<ResultAssembly> assembly;
  std::exception_ptr error;  ///< the finisher's thread's until PartFinisher::wait()

  /// A job for the finisher's thread that copies `item` in; `check_first` for parts that an
  /// earlier batch wrote.
  std::function<void()> job(const Item& item, bool check_first) {
    return [this, &item, check_first] {
      if (error) return;
      try {
        if (check_first && !part_is_complete(item.path, item.key)) return;
        assembly->add(item.case_index, item.replication, item.path);
      } catch (...) {
        error = std::current_exception();
      }
    };
  }
};

/// Rank 0, once every rank's share is done: checks that every part is there, copies in those
/// of other ranks and completes the file. Returns the seconds that took.
double complete_result(const Experiment& ex, const std::vector<Item>& items, Assembler& assembler,
                       const std::string& key, const BatchProvenance& provenance) {
  for (const auto& item : items) {
    if (!part_is_complete(item.path, item.key)) {
      throw std::runtime_error(item.path.string() + ": replication " +
                               std::to_string(item.replication) + " of " +
                               ex.cases[item.case_index].name + " is missing");
    }
  }
  const auto assembly_started = std::chrono::steady_clock::now();
  if (assembler.error) std::rethrow_exception(assembler.error);
  for (const auto& item : items) {  // other ranks' parts
    if (!assembler.assembly->has(item.case_index, item.replication))
      assembler.assembly->add(item.case_index, item.replication, item.path);
  }
  assembler.assembly->complete(key, provenance);
  return seconds_since(assembly_started);
}

struct BatchTimes {
  double seconds = 0;           ///< the whole batch
  double run_seconds = 0;       ///< running the replications
  double assembly_seconds = 0;  ///< completing the file after them
};

void report_written(const Experiment& ex, const fs::path& out, bool json, std::size_t done,
                    std::uint64_t events, const BatchTimes& t) {
  if (json) {
    std::printf("%s\n", JsonLine()
                            .add("output", out.string())
                            .add("cases", std::uint64_t{ex.cases.size()})
                            .add("replications", std::uint64_t{ex.replications})
                            .add("runs_done_now", std::uint64_t{done})
                            .add("events_now", events)
                            .add("seconds", t.seconds)
                            .add("run_seconds", t.run_seconds)
                            .add("assembly_seconds", t.assembly_seconds)
                            .add("events_per_second",
                                 static_cast<double>(events) / std::max(t.run_seconds, 1e-9))
                            .add("bytes", std::uint64_t{fs::file_size(out)})
                            .str()
                            .c_str());
  } else {
    spdlog::info(
        "wrote {}: {} cases x {} replications ({:.1f} MB) in {:.1f} s ({:.1f} s assembling)",
        out.string(), ex.cases.size(), ex.replications,
        static_cast<double>(fs::file_size(out)) / 1e6, t.seconds, t.assembly_seconds);
  }
}

}  // namespace

void run_batch(const Experiment& ex, const BatchSettings& o, const CliContext& context) {
  const auto started = std::chrono::steady_clock::now();
  const bool distributed = context.mpi != nullptr && context.mpi->active();
  const sim::Comm comm = distributed ? sim::Comm::world() : sim::Comm::solo();
  const int threads = o.threads > 0
                          ? o.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  const auto [shard, shards] = parse_shard(o.shard);
  std::vector<std::unique_ptr<models::CareModel>> models;  // built once per case, shared by tasks
  for (const auto& c : ex.cases) {
    models.push_back(std::make_unique<models::CareModel>(c.scenario));
  }
  const fs::path out = o.output;
  const fs::path parts_dir = out.string() + ".parts";
  const std::vector<Item> items = list_items(ex, parts_dir);
  std::vector<std::string> keys;
  for (const auto& item : items)
    keys.push_back(item.key);
  const std::string key = experiment_key(keys);
  if (result_is_complete(out, key)) {
    spdlog::info("{}: already complete for this experiment; nothing to do", out.string());
    if (comm.rank() == 0 && !o.keep_parts) {
      std::error_code ec;
      fs::remove_all(parts_dir, ec);
    }
    return;
  }
  make_parts_folder(parts_dir);
  const ShareLock lock(parts_dir, out, shard, shards, comm.rank() == 0);
  std::size_t mine = 0;
  const std::vector<const Item*> pending = pending_items(items, comm, shard, shards, mine);
  spdlog::info(
      "{}: {} cases x {} replications = {} runs{}; {} already done, {} to run on {} threads",
      ex.name, ex.cases.size(), ex.replications, items.size(),
      comm.size() > 1 ? " (this rank: " + std::to_string(mine) + ")" : std::string(),
      mine - pending.size(), pending.size(), threads);

  const sim::h5::Compression compression{.deflate_level = o.deflate};
  const bool bar_on =
      context.progress && !context.quiet && comm.rank() == 0 && ProgressBar::stderr_is_terminal();
  RunProgress progress(ex.name, pending.size(), bar_on);
  Assembler assembler;
  if (comm.rank() == 0 && shards == 1) assembler.assembly.emplace(ex, out);
  // After the assembly, so that its jobs end before the file does; before the arena, so that a
  // failing batch still finishes (keeps) the parts that were whole before it stopped.
  PartFinisher finisher;
  if (assembler.assembly) {
    std::vector<bool> to_run(items.size(), false);
    for (const Item* item : pending)
      to_run[static_cast<std::size_t>(item - items.data())] = true;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (!to_run[i]) finisher.post(assembler.job(items[i], true));
  }
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for_each(pending.begin(), pending.end(), [&](const Item* item) {
      const Case& c = ex.cases[item->case_index];
      const PartResult r = write_part(c, *models[item->case_index], ex.seed, item->replication,
                                      item->key, item->path, compression, &finisher);
      if (assembler.assembly) finisher.post(assembler.job(*item, false));  // after its finishing
      progress.finished(c, item->replication, r);
    });
  });
  finisher.wait();
  progress.finish();

  BatchTimes times;
  times.run_seconds = progress.seconds();
  // Every rank has finished its share before rank 0 assembles the file.
  const std::uint64_t total_events = comm.allreduce_sum(progress.events());
  if (comm.rank() != 0) return;
  if (shards > 1) {
    spdlog::info("share {}/{} done; run the same command without --shard to assemble {}", shard,
                 shards, out.string());
    return;
  }
  BatchProvenance provenance;
  provenance.threads = threads;
  provenance.ranks = comm.size();
  provenance.wall_seconds = seconds_since(started);
  times.assembly_seconds = complete_result(ex, items, assembler, key, provenance);
  if (!o.keep_parts) {
    std::error_code ec;
    fs::remove_all(parts_dir, ec);
  }
  times.seconds = seconds_since(started);
  report_written(ex, out, o.json, progress.done(), total_events, times);
}

namespace {

void run_batch_command(const BatchOptions& o, const CliContext& context) {
  const Experiment ex = load_experiment(o.experiment, {o.trace, o.replications});
  run_batch(ex, o.settings, context);
}

}  // namespace

void add_batch_command(CLI::App& app, const CliContext& context, std::function<void()>& action) {
  auto o = std::make_shared<BatchOptions>();
  auto* cmd = app.add_subcommand(
      "batch", "Run an experiment (designs x sweep points x replications) into one HDF5 file");
  cmd->add_option("experiment", o->experiment, "experiment file (TOML; docs/experiments.md)")
      ->required();
  cmd->add_option("-o,--output", o->settings.output, "the HDF5 file to write (docs/output.md)")
      ->required();
  cmd->add_option("-t,--threads", o->settings.threads,
                  "worker threads per process (default: every core)")
      ->check(CLI::Range(1, 1024));
  const std::vector<std::string> trace_levels(models::kTraceLevelNames.begin(),
                                              models::kTraceLevelNames.end());
  cmd->add_option("--trace", o->trace,
                  "trace level for every case: " + sim::input::join_names(trace_levels))
      ->check(CLI::IsMember(trace_levels));
  cmd->add_option("-r,--replications", o->replications,
                  "replications per case (default: the experiment's)")
      ->check(CLI::Range(1u, models::kMaxReplications));
  cmd->add_option("--deflate", o->settings.deflate, "deflate level 0-9 (0: none; default 1)")
      ->check(CLI::Range(0, 9));
  cmd->add_option("--shard", o->settings.shard,
                  "K/N: run only share K (0-based) of N and do not assemble (job arrays)");
  cmd->add_flag("--keep-parts", o->settings.keep_parts,
                "keep the per-replication files after assembly");
  cmd->add_flag("--json", o->settings.json, "print a JSON line with what was done");
  cmd->callback(
      [o, &context, &action] { action = [o, &context] { run_batch_command(*o, context); }; });
}

}  // namespace retzef::experiments
