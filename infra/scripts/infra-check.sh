#!/usr/bin/env bash
# Static checks of the deployment code, run by `make test` (and `make infra-check`):
#   1. `terraform fmt -check -recursive infra/terraform`
#   2. checkov (from PyPI, in a venv under ~/.cache/pulse-ai-studio, installed once) over
#      the Terraform, infra/Dockerfile and .github/workflows. Any failed check fails the
#      run: checkov without a Prisma Cloud API key reports no severities, so "fail on
#      HIGH/CRITICAL" cannot be expressed; accepted findings are suppressed where they
#      occur with `#checkov:skip=CKV_...:reason` instead (see infra/README.md).
#      The project's own policies (infra/terraform/policies) run with the built-in ones:
#      the ALB forwards only requests carrying CloudFront's secret X-Origin-Verify header
#      (CKV2_PULSE_1, CKV2_PULSE_2) and CloudFront sends it (CKV_PULSE_3).
# `terraform init`/`validate` are not run: they need the provider registry, which this
# machine (and CI) cannot reach. The GitHub workflow infra.yml runs them.
# Usage: infra/scripts/infra-check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

CHECKOV_VERSION=3.3.30
CACHE="${PULSE_CACHE_DIR:-$HOME/.cache/pulse-ai-studio}"
VENV="$CACHE/checkov-venv"
MARK="$VENV/.installed-checkov-$CHECKOV_VERSION"

say() { printf '\033[1m--> %s\033[0m\n' "$*"; }

# --- 1. formatting -------------------------------------------------------------------
# Terraform is not in Debian, crates.io, npm or PyPI; the machines this project runs on
# have it at /usr/local/bin. Without it a laptop skips this step with a warning; CI
# (CI set) fails instead, so a missing install cannot pass unnoticed.
TERRAFORM="$(command -v terraform || true)"
[ -z "$TERRAFORM" ] && [ -x /usr/local/bin/terraform ] && TERRAFORM=/usr/local/bin/terraform
if [ -z "$TERRAFORM" ]; then
  if [ -n "${CI:-}" ]; then
    echo "infra-check: terraform not found (expected /usr/local/bin/terraform)" >&2
    exit 1
  fi
  echo "infra-check: WARNING terraform not found: skipping terraform fmt -check (install Terraform >= 1.6)" >&2
elif ! unformatted=$(TF_CLI_CONFIG_FILE=/dev/null "$TERRAFORM" fmt -check -recursive -list=true infra/terraform 2>&1); then
  echo "infra-check: terraform fmt would change these files (run: terraform fmt -recursive infra/terraform):" >&2
  echo "$unformatted" >&2
  exit 1
fi

# --- 2. checkov ----------------------------------------------------------------------
if [ ! -e "$MARK" ]; then
  # Debian's python3 needs python3-venv for `python3 -m venv`.
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    SUDO=""; [ "$(id -u)" != 0 ] && command -v sudo >/dev/null && SUDO="sudo"
    say "apt-get install python3 python3-venv"
    $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends python3 python3-venv >/dev/null
  fi
  PYTHON="$(command -v python3)"
  say "installing checkov $CHECKOV_VERSION into $VENV (once, about 1-2 minutes)"
  rm -rf "$VENV"
  mkdir -p "$CACHE"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-input "checkov==$CHECKOV_VERSION" >"$CACHE/checkov-install.log" 2>&1 \
    || { cat "$CACHE/checkov-install.log" >&2; exit 1; }
  touch "$MARK"
fi

# Offline and quiet: no API key, no download of external modules, no version check.
export BC_SKIP_MAPPING=TRUE CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false LOG_LEVEL=WARNING
common=(--quiet --compact --skip-download --download-external-modules false --output cli)

run_checkov() {
  local what="$1"; shift
  local out
  if ! out=$("$VENV/bin/checkov" "${common[@]}" "$@" 2>&1); then
    echo "infra-check: checkov found problems in $what:" >&2
    echo "$out" >&2
    return 1
  fi
}

status=0
run_checkov "infra/terraform" -d infra/terraform --framework terraform \
  --external-checks-dir infra/terraform/policies || status=1
run_checkov "infra/Dockerfile" -f infra/Dockerfile --framework dockerfile || status=1
run_checkov ".github/workflows" -d .github/workflows --framework github_actions || status=1
[ "$status" = 0 ] && echo "infra-check: terraform fmt and checkov (terraform + project policies, dockerfile, github_actions) passed"
exit "$status"
