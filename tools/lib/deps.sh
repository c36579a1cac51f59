# Sourced by tools/quickstart, tools/test and tools/fuzz: installs what the build and the tests
# need from Debian's packages, and nothing when everything is already there.
# Each package is named for what uses it; keep these lists the single place that says so.

SIGIL_DEBIAN_PACKAGES=(
  g++ cmake ninja-build pkg-config   # the build (C++20, CMake >= 3.25)
  librdkafka-dev                     # Kafka client (C and C++)
  rapidjson-dev                      # JSON parsing, schema validation, JSON output
  tao-pegtl-dev                      # rule-language parser (PEGTL 3.2)
  libre2-dev                         # regular expressions (linear time)
  libtbb-dev                         # oneTBB: the parallel pipeline
  libfmt-dev                         # formatting
  libcli11-dev                       # command-line parsing
  doctest-dev                        # unit tests
  python3                            # test drivers and generators under tools/ and tests/
  tzdata                             # IANA time zones for business-hours rules (`set timezone`)
  kcat                               # independent Kafka client used by the Kafka tests
  default-jre-headless maven         # the real Kafka broker the tests start (tools/kafka)
)

# Only for the fuzz targets (tools/fuzz, and `tools/test --ci`, which runs them): `sigil_install_deps
# "${SIGIL_FUZZ_PACKAGES[@]}"`. tools/quickstart and plain tools/test do not need them.
SIGIL_FUZZ_PACKAGES=(
  clang                              # libFuzzer and -fsanitize=fuzzer exist only in clang (SIGIL_FUZZ)
  libclang-rt-14-dev                 # clang's runtimes: libFuzzer, ASan, UBSan
  llvm                               # llvm-symbolizer: file:line in clang's sanitizer reports
)

sigil_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# sigil_install_deps [more packages...]: the list above plus the given ones.
sigil_install_deps() {
  local missing=()
  local pkg
  for pkg in "${SIGIL_DEBIAN_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "sigil: installing ${missing[*]}" >&2
  sigil_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sigil_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
