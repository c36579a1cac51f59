# Sourced by tools/quickstart, tools/test and tools/fuzz: configures and builds into a build
# directory.
#
#   sigil_build BUILD_DIR [extra CMake arguments...]          g++ (CMake's default), -Werror
#   SIGIL_CXX=clang++ sigil_build BUILD_DIR [arguments...]     another compiler; a directory
#       configured with a different one is reconfigured from scratch (cmake --fresh, objects kept)
#   SIGIL_BUILD_TARGETS="a b" sigil_build ...                  build only these targets

sigil_build() {
  local build_dir=$1
  shift
  local jobs fresh=() cached
  jobs=$(nproc 2>/dev/null || echo 2)
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    env ${SIGIL_CXX:+CXX=$SIGIL_CXX} cmake -S "$SIGIL_ROOT" -B "$build_dir" -G Ninja -DSIGIL_WERROR=ON "$@" >&2
  else
    if [ -n "${SIGIL_CXX:-}" ]; then
      cached=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
      if [ "$(basename "$cached")" != "$(basename "$SIGIL_CXX")" ]; then
        echo "sigil: $build_dir was configured with $cached; reconfiguring it with $SIGIL_CXX" >&2
        fresh=(--fresh -G Ninja -DSIGIL_WERROR=ON)
      fi
    fi
    env ${SIGIL_CXX:+CXX=$SIGIL_CXX} cmake "${fresh[@]}" -S "$SIGIL_ROOT" -B "$build_dir" "$@" >/dev/null
  fi
  # shellcheck disable=SC2086
  cmake --build "$build_dir" -j "$jobs" ${SIGIL_BUILD_TARGETS:+--target $SIGIL_BUILD_TARGETS} >&2
}
