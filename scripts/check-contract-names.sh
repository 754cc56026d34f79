#!/usr/bin/env bash
# Permission and event names are declared once, in the contract modules
# (Shared/Contracts/<Name>API: BillingPermission, BillingEvents, …); Swift code anywhere else
# refers to those constants. Migrations are exempt: they record history, including names that
# were renamed. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='"(identity|billing|telecom|utilities|isp)\.[a-z_]+\.[a-z_]+'
found=$(git grep -n -E "$pattern" -- '*.swift' ':!Shared/Contracts/' ':!**/Migrations/' || true)
if [ -n "$found" ]; then
  echo "permission or event names written out outside the contract modules (use the constants):"
  echo "$found"
  exit 1
fi
echo "ok: no permission or event name is written out outside the contract modules"
