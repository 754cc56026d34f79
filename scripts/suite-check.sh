#!/usr/bin/env bash
# The README's command (a), checked: `bash scripts/run-suite.sh` brings all five services up
# on their documented ports with a private PostgreSQL, `abonentctl describe` answers from
# each, a service killed with SIGKILL is started again (and the restart logged), and Ctrl-C
# (SIGINT to the script's process group) stops the services and the cluster — within the
# suite's grace period even when one service does not react to signals at all.
# Needs the ports of docs/configuration.md (7401–7405, 7501–7505, 5544) free.
# Usage: bash scripts/suite-check.sh   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
# Its own state folder, so a developer's var/pg and var/mail are left alone.
export ABONENT_SUITE_DIR=var/suite-check
# A short grace, so the check of a hung service does not take the default 40 s.
export ABONENT_SUITE_GRACE=8
rm -rf "$ABONENT_SUITE_DIR"
log=var/suite-check.log
mkdir -p var
for port in 7401 7402 7403 7404 7405 5544; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is busy: stop your local suite first"; exit 1; fi
done

# Job control on: the suite gets its own process group, as in a terminal, and (unlike a plain
# background job of a script) does not start with SIGINT ignored.
set -m
bash scripts/run-suite.sh >"$log" 2>&1 &
suite=$!
set +m
trap 'kill -INT -- -$suite 2>/dev/null || true' EXIT

passed=0
failed=0
check() { local description=$1; shift; if "$@"; then passed=$((passed + 1)); echo "ok: $description"; else failed=$((failed + 1)); echo "FAILED: $description"; fi; }

for _ in $(seq 1 600); do
  grep -q "all five services are up" "$log" && break
  kill -0 "$suite" 2>/dev/null || break
  sleep 0.5
done
check "run-suite.sh reports all five services up" grep -q "all five services are up" "$log"
for service in identity billing telecom utilities isp; do
  check "abonentctl describe $service answers from its documented port" \
    bash -c "'$bin/abonentctl' describe $service | grep -q 'service abonent.platform.Platform'"
done
check "the admin ports report ready" \
  bash -c "for p in 7501 7502 7503 7504 7505; do [ \"\$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:\$p/health/ready)\" = 200 ] || exit 1; done"

# The README's tour: register a company, confirm from the mail, sign in, call with the token.
ctl() { "$bin/abonentctl" "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
contract="T$RANDOM$RANDOM"
password="correct horse 1"
admin_request="{\"login\": \"admin\", \"password\": \"$(cat "$ABONENT_SUITE_DIR/admin-password")\"}"
admin_token=$(ctl call identity SignIn "$admin_request" | json '["accessToken"]')
# Telecom reaches the suite's own osmo-hlr: a SIM the administrator imports is in the HLR's
# subscriber database, with its network access off until it is assigned.
check "a SIM imported into Telecom is provisioned in the suite's osmo-hlr (access off)" \
  bash -c "ABONENT_TOKEN='$admin_token' '$bin/abonentctl' call telecom ImportSims '{\"csv\": \"89014103211118510720,79001234567,250019876543210,TC\"}' | grep -q '\"imported\": 1' && [ \"\$(sqlite3 '$ABONENT_SUITE_DIR/hlr/hlr.db' \"SELECT msisdn || ':' || nam_cs || nam_ps FROM subscriber WHERE imsi = '250019876543210'\")\" = 79001234567:00 ]"
check "a company that is not Billing's customer cannot register (Identity asks Billing: CUSTOMER_UNKNOWN)" \
  bash -c "out=\$('$bin/abonentctl' call identity RegisterCompany '{\"companyName\": \"X\", \"email\": \"x-$contract@romashka.ru\", \"taxID\": \"7707083893\", \"contractNumber\": \"$contract\", \"password\": \"$password\", \"passwordConfirmation\": \"$password\"}' 2>&1); [ \$? -eq 1 ] && echo \"\$out\" | grep -q CUSTOMER_UNKNOWN"
customer=$(ABONENT_TOKEN=$admin_token ctl call billing CreateCustomer "{\"details\": {\"kind\": \"legalEntity\",
  \"name\": \"ООО Ромашка\", \"taxID\": \"7707083893\", \"contractNumber\": \"$contract\", \"country\": \"russia\",
  \"email\": \"buh-$contract@romashka.ru\"}}" || true)
check "the administrator creates the customer in Billing with Identity's token" \
  bash -c "echo '$customer' | grep -q '\"contractNumber\": \"$contract\"'"

# Telecom follows Billing's event feed with the service account run-suite.sh made for it: the
# SIM assigned to the customer's account loses network access in osmo-hlr when Billing blocks
# the account, and gets it back when Billing unblocks it.
hlr_access() { sqlite3 "$ABONENT_SUITE_DIR/hlr/hlr.db" "SELECT nam_cs || nam_ps FROM subscriber WHERE imsi = '250019876543210'"; }
await_access() { for _ in $(seq 1 50); do [ "$(hlr_access)" = "$1" ] && return 0; sleep 0.2; done; return 1; }
account=$(ABONENT_TOKEN=$admin_token ctl call billing OpenAccount \
  "{\"customerID\": \"$(echo "$customer" | json '["id"]' 2>/dev/null)\", \"currency\": \"RUB\", \"paymentMode\": \"prepaid\"}" |
  json '["number"]' || true)
ABONENT_TOKEN=$admin_token ctl call telecom AssignSims "{\"iccids\": [\"89014103211118510720\"], \"accountNumber\": \"$account\",
  \"customerName\": \"ООО Ромашка\", \"organizationID\": \"$(python3 -c 'import uuid; print(uuid.uuid4())')\"}" >/dev/null || true
check "the SIM assigned to Billing's account $account is active in osmo-hlr" await_access 11
ABONENT_TOKEN=$admin_token ctl call billing BlockAccount "{\"number\": \"$account\", \"reason\": \"долг\"}" >/dev/null || true
check "Billing blocks the account: Telecom, following Billing's feed, turns the SIM's access off in osmo-hlr" await_access 00
check "and refuses operations on the SIM with ACCOUNT_BLOCKED_FOR_DEBT" \
  bash -c "out=\$(ABONENT_TOKEN='$admin_token' '$bin/abonentctl' call telecom RebootSim '{\"iccid\": \"89014103211118510720\"}' 2>&1); [ \$? -eq 1 ] && echo \"\$out\" | grep -q ACCOUNT_BLOCKED_FOR_DEBT"
ABONENT_TOKEN=$admin_token ctl call billing UnblockAccount "{\"number\": \"$account\", \"reason\": \"оплачено\"}" >/dev/null || true
check "Billing unblocks it: the SIM's access is back on" await_access 11
# Utilities reaches Billing with its own service account: it opens a personal account on a KZT
# account of Billing (looking the account and its customer up there) and closes last month
# (reading Billing's VAT table).
kzt_account=$(ABONENT_TOKEN=$admin_token ctl call billing OpenAccount \
  "{\"customerID\": \"$(echo "$customer" | json '["id"]' 2>/dev/null)\", \"currency\": \"KZT\", \"paymentMode\": \"postpaid\"}" |
  json '["number"]' || true)
check "Utilities opens a personal account on Billing's KZT account $kzt_account (its service account reads Billing)" \
  bash -c "ABONENT_TOKEN='$admin_token' '$bin/abonentctl' call utilities CreateAccount '{\"accountNumber\": \"$kzt_account\", \"tariffGroup\": 3, \"waterRecipient\": \"Водоканал\", \"sewerRecipient\": \"Водоотведение\"}' | grep -q '\"contractNumber\": \"$contract\"'"
for service in water sewer; do
  ABONENT_TOKEN=$admin_token ctl call utilities SetTariff "{\"tariffGroup\": 3, \"service\": \"$service\",
    \"validFrom\": \"2020-01-01\", \"price\": \"197.02\", \"reason\": \"suite check\"}" >/dev/null || true
done
last_month=$(python3 -c 'import datetime; d = datetime.date.today().replace(day=1) - datetime.timedelta(days=1); print(d.year, d.month)')
check "Utilities closes last month for it with Billing's VAT rate" \
  bash -c "ABONENT_TOKEN='$admin_token' '$bin/abonentctl' call utilities CloseMonth '{\"year\": ${last_month% *}, \"month\": ${last_month#* }}' | grep -q '\"accountsCharged\": 1'"
registered=$(ctl call identity RegisterCompany "{\"companyName\": \"ООО Ромашка\", \"email\": \"buh-$contract@romashka.ru\",
  \"taxID\": \"7707083893\", \"contractNumber\": \"$contract\", \"invoicesByEmail\": true,
  \"password\": \"$password\", \"passwordConfirmation\": \"$password\"}")
user_id=$(echo "$registered" | json '["userID"]')
check "RegisterCompany answers with the login vk$contract" test "$(echo "$registered" | json '["login"]')" = "vk$contract"
check "sign-in before confirmation is refused with NOT_CONFIRMED" \
  bash -c "out=\$('$bin/abonentctl' call identity SignIn '{\"login\": \"vk$contract\", \"password\": \"$password\"}' 2>&1); [ \$? -eq 1 ] && echo \"\$out\" | grep -q NOT_CONFIRMED"
code=""
for _ in $(seq 1 100); do
  code=$(python3 - "$ABONENT_SUITE_DIR/mail" "buh-$contract@romashka.ru" <<'PY'
import glob, json, re, sys
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    mail = json.load(open(path))
    if sys.argv[2] in mail["rcpt_tos"]:
        print(re.search(r"подтверждения регистрации: (\S+)", mail["body"]).group(1))
PY
)
  [ -n "$code" ] && break
  sleep 0.2
done
check "the confirmation mail reached the SMTP sink with a code" test -n "$code"
ctl call identity ConfirmRegistration "{\"userID\": \"$user_id\", \"code\": \"$code\"}" >/dev/null
token=$(ctl call identity SignIn "{\"login\": \"vk$contract\", \"password\": \"$password\"}" | json '["accessToken"]')
check "with the token, GetMyPermissions shows the owner role" \
  bash -c "ABONENT_TOKEN='$token' '$bin/abonentctl' call identity GetMyPermissions | grep -q '\"role\": \"owner\"'"
notice_enabled() {
  for _ in $(seq 1 50); do
    ABONENT_TOKEN=$admin_token "$bin/abonentctl" call utilities GetInvoiceNotice "{\"contractNumber\": \"$contract\"}" |
      grep -q '"enabled": true' && return 0
    sleep 0.2
  done
  return 1
}
check "Utilities, following Identity's feed, turns on the invoice notice ticked at registration" notice_enabled
check "the owner's Identity token sees the contract's account in Utilities" \
  bash -c "ABONENT_TOKEN='$token' '$bin/abonentctl' call utilities ListAccounts '{}' | grep -q '\"number\": \"$kzt_account\"'"
check "Telecom verifies Identity's token and refuses a customer its feed with PERMISSION_DENIED" \
  bash -c "out=\$(ABONENT_TOKEN='$token' '$bin/abonentctl' call telecom Subscribe '{\"after\": 0}' --follow-seconds 2 2>&1); [ \$? -eq 1 ] && echo \"\$out\" | grep -q PERMISSION_DENIED"
check "the administrator password kept in $ABONENT_SUITE_DIR/admin-password signs in" \
  bash -c "'$bin/abonentctl' call identity SignIn '$admin_request' | grep -q accessToken"

# FreeRADIUS runs with the suite and reads ISP's database. ISP, with its service account,
# checks Billing's account of the customer, takes a plan with a login and an address of an
# access point's pool, and FreeRADIUS accepts the login with that address; when Billing blocks
# the account, ISP (following Billing's feed) has FreeRADIUS reject it; unblocked, accepted.
radius_secret=$(cat "$ABONENT_SUITE_DIR/radius-secret")
eur_account=$(ABONENT_TOKEN=$admin_token ctl call billing OpenAccount \
  "{\"customerID\": \"$(echo "$customer" | json '["id"]' 2>/dev/null)\", \"currency\": \"EUR\", \"paymentMode\": \"postpaid\"}" |
  json '["number"]' || true)
isp() { ABONENT_TOKEN=$admin_token ctl call isp "$@"; }
isp RegisterCustomer "{\"customerID\": \"$(echo "$customer" | json '["id"]' 2>/dev/null)\", \"city\": \"Curitiba\"}" >/dev/null || true
isp SetPlanType '{"code": "fibra-100", "name": "Fibra 100", "value": "99.90", "currency": "EUR",
  "downloadKbps": 102400, "uploadKbps": 51200}' >/dev/null || true
plan_id=$(isp AddPlan "{\"customerID\": \"$(echo "$customer" | json '["id"]' 2>/dev/null)\", \"accountNumber\": \"$eur_account\",
  \"planType\": \"fibra-100\", \"billing\": {\"dueDay\": 10}, \"login\": \"suite-check\", \"password\": \"segredo-1\"}" |
  json '["id"]' || true)
check "ISP adds a plan with a RADIUS login on Billing's EUR account $eur_account" test -n "$plan_id"
point_id=$(isp CreateAccessPoint '{"name": "POP", "network": "100.64.0.0/24", "gateway": "100.64.0.1"}' | json '["id"]' || true)
isp AssignAddress "{\"planID\": \"$plan_id\", \"accessPointID\": $point_id}" >/dev/null || true
# radtest fails on a reject; pipefail would count that against grep's match.
radtest_says() {
  for _ in $(seq 1 25); do
    { radtest suite-check segredo-1 127.0.0.1:1812 0 "$radius_secret" 2>&1 || true; } | grep -q "$1" && return 0
    sleep 0.2
  done
  return 1
}
check "FreeRADIUS on 127.0.0.1:1812 accepts the plan's login with the pool's first address" \
  radtest_says 'Framed-IP-Address = 100.64.0.2'
check "and rejects a login nobody has" \
  bash -c "radtest nobody x 127.0.0.1:1812 0 '$radius_secret' 2>&1 | grep -q 'Received Access-Reject'"
ABONENT_TOKEN=$admin_token ctl call billing BlockAccount "{\"number\": \"$eur_account\", \"reason\": \"débito\"}" >/dev/null || true
check "Billing blocks the account: FreeRADIUS rejects the plan's login" radtest_says 'Received Access-Reject'
ABONENT_TOKEN=$admin_token ctl call billing UnblockAccount "{\"number\": \"$eur_account\", \"reason\": \"pago\"}" >/dev/null || true
check "Billing unblocks it: accepted again" radtest_says 'Received Access-Accept'

# A service that dies is started again, after a logged back-off.
pid_of() { cat "$ABONENT_SUITE_DIR/run/$1.pid" 2>/dev/null || true; }
killed=$(pid_of telecom)
kill -KILL "$killed"
restarted=""
for _ in $(seq 1 100); do
  restarted=$(pid_of telecom)
  [ -n "$restarted" ] && [ "$restarted" != "$killed" ] &&
    "$bin/abonentctl" describe telecom 2>/dev/null | grep -q 'service abonent.platform.Platform' && break
  sleep 0.2
done
check "telecom killed with SIGKILL is restarted and answers again (pid $killed, now $restarted)" \
  bash -c "[ -n '$restarted' ] && [ '$restarted' != '$killed' ] && '$bin/abonentctl' describe telecom | grep -q 'service abonent.platform.Platform'"
check "the restart and its back-off are logged" \
  bash -c "grep -q 'telecom (pid $killed) exited with status 137; restarting in 1s' '$log' && grep -q 'telecom restarted' '$ABONENT_SUITE_DIR/log/telecom.log'"

# A service that ignores signals (stopped with SIGSTOP) must not keep the suite from ending.
hung=$(pid_of utilities)
kill -STOP "$hung"
started=$SECONDS
kill -INT -- -"$suite"
set +e
wait "$suite"
code=$?
set -e
took=$((SECONDS - started))
trap - EXIT
echo "run-suite.sh ended ${took}s after Ctrl-C with one service hung (grace ${ABONENT_SUITE_GRACE}s)"
check "with one service hung, run-suite.sh still ends within its grace period (${took}s)" \
  test "$took" -le $((ABONENT_SUITE_GRACE + 5))
check "the hung service was killed after the grace period, and that is logged" \
  bash -c "grep -q 'utilities (pid $hung) did not stop within ${ABONENT_SUITE_GRACE}s; killing it' '$log' && ! kill -0 $hung 2>/dev/null"
check "Ctrl-C ends run-suite.sh (status $code, 130 expected)" test "$code" -eq 130
check "no service is left listening" \
  bash -c "for p in 7401 7402 7403 7404 7405; do (exec 3<>/dev/tcp/127.0.0.1/\$p) 2>/dev/null && exit 1; done; exit 0"
check "the private PostgreSQL cluster is stopped" \
  bash -c "! (exec 3<>/dev/tcp/127.0.0.1/5544) 2>/dev/null"
check "FreeRADIUS is stopped" bash -c "! grep -q '^ *[0-9]*: 0100007F:0714 ' /proc/net/udp"
check "each service logged a clean stop" bash -c "! grep -l 'stopped:' $ABONENT_SUITE_DIR/log/*.log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
