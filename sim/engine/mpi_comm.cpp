#include "sim/engine/mpi_comm.hpp"

#include <mpi.h>

#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace retzef::sim {
namespace {

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(std::string("MPI call failed: ") + what);
}

int as_count(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::runtime_error("MPI message larger than 2 GiB in one window; use more ranks");
  }
  return static_cast<int>(n);
}

}  // namespace

bool MpiSession::launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  active_ = true;
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

void MpiSession::abort(int code) {
  int initialised = 0;
  int finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) MPI_Abort(MPI_COMM_WORLD, code);
}

Comm::Comm(bool mpi) : mpi_(mpi) {
  if (!mpi_) return;
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) throw std::logic_error("Comm::world() needs MPI; start the run with mpirun");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

double Comm::allreduce_min(double local) const {
  if (!mpi_) return local;
  double out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD), "allreduce min");
  return out;
}

double Comm::allreduce_max(double local) const {
  if (!mpi_) return local;
  double out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "allreduce max");
  return out;
}

std::uint64_t Comm::allreduce_sum(std::uint64_t local) const {
  if (!mpi_) return local;
  std::uint64_t out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD), "allreduce sum");
  return out;
}

void Comm::alltoallv(const std::vector<std::vector<std::byte>>& send,
                     std::vector<std::byte>& received) const {
  if (!mpi_) {
    received = send.at(0);
    return;
  }
  const auto n = static_cast<std::size_t>(size_);
  std::vector<int> send_counts(n), recv_counts(n), send_displs(n), recv_displs(n);
  std::vector<std::byte> send_flat;
  for (std::size_t r = 0; r < n; ++r) {
    send_counts[r] = as_count(send[r].size());
    send_displs[r] = as_count(send_flat.size());
    send_flat.insert(send_flat.end(), send[r].begin(), send[r].end());
  }
  check(
      MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, MPI_COMM_WORLD),
      "alltoall counts");
  std::size_t total = 0;
  for (std::size_t r = 0; r < n; ++r) {
    recv_displs[r] = as_count(total);
    total += static_cast<std::size_t>(recv_counts[r]);
  }
  received.resize(total);
  check(MPI_Alltoallv(send_flat.data(), send_counts.data(), send_displs.data(), MPI_BYTE,
                      received.data(), recv_counts.data(), recv_displs.data(), MPI_BYTE,
                      MPI_COMM_WORLD),
        "alltoallv");
}

std::vector<std::byte> Comm::allgatherv(std::span<const std::byte> local) const {
  if (!mpi_) return {local.begin(), local.end()};
  const auto n = static_cast<std::size_t>(size_);
  const int mine = as_count(local.size());
  std::vector<int> counts(n), displs(n);
  check(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD),
        "allgather counts");
  std::size_t total = 0;
  for (std::size_t r = 0; r < n; ++r) {
    displs[r] = as_count(total);
    total += static_cast<std::size_t>(counts[r]);
  }
  std::vector<std::byte> out(total);
  check(MPI_Allgatherv(local.data(), mine, MPI_BYTE, out.data(), counts.data(), displs.data(),
                       MPI_BYTE, MPI_COMM_WORLD),
        "allgatherv");
  return out;
}

}  // namespace retzef::sim
