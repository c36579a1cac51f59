# Sourced by tools/quickstart and tools/test: installs what the build and the tests need from
# Debian's packages, and nothing when everything is already there.
# Each package is named for what uses it; keep this list the single place that says so.

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

sigil_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

sigil_install_deps() {
  local missing=()
  local pkg
  for pkg in "${SIGIL_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "sigil: installing ${missing[*]}" >&2
  sigil_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sigil_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
