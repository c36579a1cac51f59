# Sourced by tools/quickstart and tools/test: configures and builds into a build directory.
# Usage: sigil_build BUILD_DIR [extra CMake arguments...]

sigil_build() {
  local build_dir=$1
  shift
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S "$SIGIL_ROOT" -B "$build_dir" -G Ninja -DSIGIL_WERROR=ON "$@" >&2
  else
    cmake "$build_dir" "$@" >/dev/null
  fi
  cmake --build "$build_dir" -j "$jobs" >&2
}
