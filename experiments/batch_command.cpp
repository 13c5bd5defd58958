#include "experiments/batch_command.hpp"

#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/task_arena.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "experiments/batch_lock.hpp"
#include "experiments/batch_progress.hpp"
#include "experiments/experiment.hpp"
#include "experiments/inspect_command.hpp"
#include "experiments/json_line.hpp"
#include "experiments/output_path.hpp"
#include "experiments/part_finisher.hpp"
#include "experiments/progress_bar.hpp"
#include "experiments/replication_part.hpp"
#include "experiments/result_file.hpp"
#include "experiments/stop_signals.hpp"
#include "experiments/thread_split.hpp"
#include "models/care_model.hpp"
#include "models/scenario.hpp"
#include "sim/engine/fork_join_order.hpp"
#include "sim/engine/mpi_comm.hpp"
#include "sim/input/closest_name.hpp"
#include "sim/input/toml_reader.hpp"

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

/// Every replication of the experiment, with its part file and key, and the key of the whole.
struct BatchPlan {
  fs::path out;
  fs::path parts_dir;
  std::vector<Item> items;
  std::string key;
};

BatchPlan plan_batch(const Experiment& ex, const BatchSettings& o) {
  BatchPlan plan{o.output, o.output + ".parts", {}, {}};
  std::vector<std::string> keys;
  for (std::size_t c = 0; c < ex.cases.size(); ++c) {
    for (std::uint32_t r = 0; r < ex.replications; ++r) {
      Item item{c, r, part_key(ex.cases[c], ex.seed, r), plan.parts_dir / part_name(c, r)};
      keys.push_back(item.key);
      plan.items.push_back(std::move(item));
    }
  }
  plan.key = experiment_key(keys);
  return plan;
}

/// This rank's share of the replications (dealt round-robin in a fixed order over shards ×
/// ranks slots, so that jobs and their ranks never share one), less those an interrupted batch
/// finished; their leftovers are removed. `mine` is the size of the share.
std::vector<const Item*> pending_items(const BatchPlan& plan, std::size_t shard, std::size_t shards,
                                       const sim::Comm& comm, std::size_t& mine) {
  std::vector<const Item*> pending;
  mine = 0;
  const std::size_t slots = shards * static_cast<std::size_t>(comm.size());
  const std::size_t slot =
      shard * static_cast<std::size_t>(comm.size()) + static_cast<std::size_t>(comm.rank());
  for (std::size_t i = slot; i < plan.items.size(); i += slots) {
    ++mine;
    const Item& item = plan.items[i];
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

/// Rank 0 of a whole batch assembles the result while replications run: parts finished by an
/// earlier, interrupted batch first, then each of its own as it finishes (other ranks' parts
/// once they are all done). A failure there stops no replication: the parts are kept, and the
/// batch reports it at the end (rethrow).
class RunningAssembly {
 public:
  RunningAssembly(const Experiment& ex, const fs::path& out) : assembly_(ex, out) {}
  /// A job for the finisher's thread that adds the item's part (checked first if asked).
  std::function<void()> add_job(const Item& item, bool check_first) {
    return [this, &item, check_first] {
      if (error_) return;
      try {
        if (check_first && !part_is_complete(item.path, item.key)) return;
        assembly_.add(item.case_index, item.replication, item.path);
      } catch (...) {
        error_ = std::current_exception();
      }
    };
  }
  /// Once the finisher has ended: adds what is missing (other ranks' parts) and completes.
  void complete(const BatchPlan& plan, const BatchProvenance& provenance) {
    if (error_) std::rethrow_exception(error_);
    for (const auto& item : plan.items) {
      if (!assembly_.has(item.case_index, item.replication))
        assembly_.add(item.case_index, item.replication, item.path);
    }
    assembly_.complete(plan.key, provenance);
  }

 private:
  ResultAssembly assembly_;
  std::exception_ptr error_;  // the finisher's thread's until it has ended
};

/// Runs the pending replications as TBB tasks on `threads` threads, handing each part to the
/// finisher (and the assembly) as it ends. A case of several regions may run its replications
/// with their regions side by side, fewer at once (thread_split.hpp); the cases that split the
/// threads alike run together, one such group after another. The parts are the same, to the
/// bit, however the threads are split.
void run_pending(const Experiment& ex,
                 const std::vector<std::unique_ptr<models::CareModel>>& models,
                 const std::vector<const Item*>& pending, int threads, int region_threads,
                 int deflate, PartFinisher& finisher, RunningAssembly* assembly,
                 BatchProgress& progress) {
  const sim::h5::Compression compression{.deflate_level = deflate};
  // Groups by threads a replication, in increasing order: a std::map keeps the order fixed.
  std::map<int, std::vector<const Item*>> groups;
  for (const Item* item : pending) {
    const ThreadSplit split = split_threads(threads, pending.size(),
                                            models[item->case_index]->lp_count(), region_threads);
    groups[split.region_threads].push_back(item);
  }
  for (const auto& group : groups) {
    // Named, not bound: clang 14 lets no lambda capture a structured binding.
    const int per = group.first;
    const std::vector<const Item*>& items = group.second;
    if (stop_signal() != 0) return;
    if (per > 1) {
      spdlog::info("{}, {} at a time, each on {} for its regions",
                   sim::input::count_of(items.size(), "run"), std::max(1, threads / per),
                   sim::input::count_of(static_cast<std::size_t>(per), "thread"));
    }
    tbb::task_arena arena(std::max(1, threads / per));
    sim::ForkJoinOrder order;
    arena.execute([&] {
      tbb::parallel_for_each(items.begin(), items.end(), order.body([&](const Item* item) {
        if (stop_signal() != 0) return;  // asked to stop: no new replication starts
        const Case& c = ex.cases[item->case_index];
        const PartResult r = write_part(c, *models[item->case_index], ex.seed, item->replication,
                                        item->key, item->path, compression, &finisher, per);
        if (assembly) finisher.post(assembly->add_job(*item, false));  // after its own finishing
        progress.finished(c.name, item->replication, r.events, r.seconds);
      }));
    });
  }
}

void report_written(const Experiment& ex, const BatchSettings& o, const fs::path& out,
                    std::size_t done, std::uint64_t events, double seconds, double run_seconds,
                    double assembly_seconds) {
  if (o.json) {
    std::printf("%s\n", JsonLine()
                            .add("output", out.string())
                            .add("cases", std::uint64_t{ex.cases.size()})
                            .add("replications", std::uint64_t{ex.replications})
                            .add("runs_done_now", std::uint64_t{done})
                            .add("events_now", events)
                            .add("seconds", seconds)
                            .add("run_seconds", run_seconds)
                            .add("assembly_seconds", assembly_seconds)
                            .add("events_per_second",
                                 static_cast<double>(events) / std::max(run_seconds, 1e-9))
                            .add("bytes", std::uint64_t{fs::file_size(out)})
                            .str()
                            .c_str());
  } else {
    spdlog::info("wrote {}: {} x {} ({:.1f} MB) in {:.1f} s ({:.1f} s assembling)", out.string(),
                 sim::input::count_of(ex.cases.size(), "case"),
                 sim::input::count_of(ex.replications, "replication"),
                 static_cast<double>(fs::file_size(out)) / 1e6, seconds, assembly_seconds);
  }
}

/// Once the replications that were running when the batch was asked to stop have finished: what
/// was kept, and how to go on. The caller's unwinding removes the temporary result file and
/// the lock.
[[noreturn]] void stop(const BatchPlan& plan, int signal, std::size_t kept, std::size_t mine) {
  throw Interrupted(signal, "interrupted by " + signal_name(signal) + ": kept " +
                                std::to_string(kept) + " finished replications of " +
                                std::to_string(mine) + " in " + plan.parts_dir.string() +
                                "; run the same command again to resume");
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/// The checks every batch ends with, and the indicators when asked for, read on the batch's
/// threads (the result's tables are inflated a chunk a task), no more.
void check_result(const fs::path& out, const BatchSettings& o, int threads) {
  tbb::task_arena arena(threads);
  arena.execute([&] {
    if (o.indicators) {
      print_result_indicators(out, o.json);
    } else {
      log_result_checks(out, o.json);
    }
  });
}

}  // namespace

void run_batch(const Experiment& ex, const BatchSettings& o, const CliContext& context) {
  const StopSignals signals;
  const auto started = std::chrono::steady_clock::now();
  const bool distributed = context.mpi != nullptr && context.mpi->active();
  const sim::Comm comm = distributed ? sim::Comm::world() : sim::Comm::solo();
  const int threads = o.threads > 0
                          ? o.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto [shard, shards] = parse_shard(o.shard);
  check_output_path(o.output, ex, o.overwrite);
  std::vector<std::unique_ptr<models::CareModel>> models;  // built once per case, shared by tasks
  for (const auto& c : ex.cases) {
    models.push_back(std::make_unique<models::CareModel>(c.scenario));
  }
  const BatchPlan plan = plan_batch(ex, o);
  if (result_is_complete(plan.out, plan.key)) {
    spdlog::info("{}: already complete for this experiment; nothing to do", plan.out.string());
    if (comm.rank() != 0) return;
    if (!o.keep_parts) {
      std::error_code ec;
      fs::remove_all(plan.parts_dir, ec);
    }
    // A script reads the same lines, with nothing done now; the table is what was asked for.
    if (o.json) report_written(ex, o, plan.out, 0, 0, 0, 0, 0);
    if (o.indicators || o.json) check_result(plan.out, o, threads);
    return;
  }
  if (std::error_code ec; comm.rank() == 0 && shards == 1 && fs::exists(plan.out, ec)) {
    spdlog::info("{}: holds an earlier run of {}; replaced once this one is assembled",
                 plan.out.string(), ex.name);
  }
  std::error_code dir_error;
  const bool new_parts_dir = !fs::exists(plan.parts_dir, dir_error);
  fs::create_directories(plan.parts_dir, dir_error);
  if (dir_error) {
    throw std::runtime_error(plan.parts_dir.string() +
                             ": cannot create the folder for replications: " + dir_error.message());
  }
  std::optional<BatchLock> lock;
  std::size_t mine = 0;
  std::vector<const Item*> pending;
  std::optional<RunningAssembly> assembly;
  try {
    if (comm.rank() == 0) lock.emplace(plan.parts_dir, plan.out, shard, shards);
    pending = pending_items(plan, shard, shards, comm, mine);
    if (comm.rank() == 0 && shards == 1) assembly.emplace(ex, plan.out);
  } catch (...) {
    // Nothing ran: a folder this batch made holds only its lock, which would outlive it.
    lock.reset();
    if (new_parts_dir && comm.rank() == 0) fs::remove_all(plan.parts_dir, dir_error);
    throw;
  }
  spdlog::info("{}: {} x {} = {}{}; {} already done, {} to run on {}", ex.name,
               sim::input::count_of(ex.cases.size(), "case"),
               sim::input::count_of(ex.replications, "replication"),
               sim::input::count_of(plan.items.size(), "run"),
               comm.size() > 1 ? " (this rank: " + std::to_string(mine) + ")" : std::string(),
               mine - pending.size(), pending.size(),
               sim::input::count_of(static_cast<std::size_t>(threads), "thread"));

  const bool bar_on =
      context.progress && !context.quiet && comm.rank() == 0 && ProgressBar::stderr_is_terminal();
  BatchProgress progress(ex.name, pending.size(), bar_on);
  // After the assembly, so that its jobs end before the file does; before the runs, so that a
  // failing batch still finishes (keeps) the parts that were whole before it stopped.
  PartFinisher finisher;
  if (assembly) {
    std::vector<bool> to_run(plan.items.size(), false);
    for (const Item* item : pending)
      to_run[static_cast<std::size_t>(item - plan.items.data())] = true;
    for (std::size_t i = 0; i < plan.items.size(); ++i)
      if (!to_run[i]) finisher.post(assembly->add_job(plan.items[i], true));
  }
  run_pending(ex, models, pending, threads, o.region_threads, o.deflate, finisher,
              assembly ? &*assembly : nullptr, progress);
  finisher.wait();
  progress.finish();
  // On MPI ranks every rank stops when any was asked to (a signal may reach only some), and
  // only once all have finished the replications they were running: a rank that left first
  // would end the job and kill the others' replications half-written.
  const int stopped = static_cast<int>(comm.allreduce_max(static_cast<double>(stop_signal())));
  if (stopped != 0) stop(plan, stopped, mine - pending.size() + progress.done(), mine);

  const double run_seconds = progress.elapsed();
  // Every rank has finished its share before rank 0 assembles the file.
  const std::uint64_t total_events = comm.allreduce_sum(progress.events());
  if (comm.rank() != 0) return;
  if (shards > 1) {
    spdlog::info("share {}/{} done; run the same command without --shard to assemble {}", shard,
                 shards, plan.out.string());
    return;
  }
  for (const auto& item : plan.items) {
    if (!part_is_complete(item.path, item.key)) {
      throw std::runtime_error(item.path.string() + ": replication " +
                               std::to_string(item.replication) + " of " +
                               ex.cases[item.case_index].name + " is missing");
    }
  }
  BatchProvenance provenance;
  provenance.threads = threads;
  provenance.ranks = comm.size();
  provenance.wall_seconds = seconds_since(started);
  const auto assembly_started = std::chrono::steady_clock::now();
  assembly->complete(plan, provenance);
  const double assembly_seconds = seconds_since(assembly_started);
  if (!o.keep_parts) {
    std::error_code ec;
    fs::remove_all(plan.parts_dir, ec);
  }
  report_written(ex, o, plan.out, progress.done(), total_events, seconds_since(started),
                 run_seconds, assembly_seconds);
  check_result(plan.out, o, threads);
  if (const int signal = stop_signal(); signal != 0) {
    throw Interrupted(signal, "interrupted by " + signal_name(signal) + " after " +
                                  plan.out.string() + " was written; it is complete");
  }
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
  cmd->add_option("--region-threads", o->settings.region_threads,
                  "threads for each replication's regions, fewer replications at once "
                  "(default: 1, or those fewer replications than threads leave idle)")
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
  cmd->add_flag("--json", o->settings.json,
                "JSON lines: what was done, then one per case with the warm-up check's verdict");
  cmd->add_flag("--indicators", o->settings.indicators,
                "then print the indicators with 95% CIs and paired differences, as `retzef "
                "inspect --indicators` does (JSON lines with --json)");
  cmd->add_flag("--overwrite", o->settings.overwrite,
                "replace the output file even if it holds another experiment's results");
  cmd->callback(
      [o, &context, &action] { action = [o, &context] { run_batch_command(*o, context); }; });
}

}  // namespace retzef::experiments
