#!/usr/bin/env python3
"""Writes a private FreeRADIUS 3.2 configuration (Debian's /etc/freeradius/3.0 as the base).

Usage: freeradius-config.py RADDB AUTH_PORT DB_CONNINFO SECRET LOG_DIR RUN_DIR

The copy in RADDB authenticates against PostgreSQL with rlm_sql (the database given by
DB_CONNINFO, a libpq connection string: ISP keeps radcheck/radreply/radusergroup-shaped views
and a radacct table there), listens on 127.0.0.1 only — authentication on AUTH_PORT,
accounting on AUTH_PORT + 1 — trusts one client, 127.0.0.1 with SECRET, and runs as the user
that starts it, logging under LOG_DIR. Nothing outside RADDB, LOG_DIR and RUN_DIR is touched.
"""
import os
import re
import shutil
import sys


def edit(path, pairs, flags=0):
    with open(path) as f:
        text = f.read()
    for pattern, replacement in pairs:
        text, count = re.subn(pattern, replacement, text, count=1, flags=flags)
        if count != 1:
            sys.exit(f"{path}: no match for {pattern!r} (is this FreeRADIUS 3.2?)")
    with open(path, "w") as f:
        f.write(text)


def main():
    raddb, auth_port, conninfo, secret, log_dir, run_dir = sys.argv[1:7]
    acct_port = str(int(auth_port) + 1)
    if os.path.exists(raddb):
        shutil.rmtree(raddb)
    shutil.copytree("/etc/freeradius/3.0", raddb, symlinks=True)
    edit(os.path.join(raddb, "radiusd.conf"), [
        (r"\n\tuser = freerad\n", "\n#\tuser = freerad\n"),
        (r"\n\tgroup = freerad\n", "\n#\tgroup = freerad\n"),
        (r"\nlogdir = [^\n]*\n", f"\nlogdir = {log_dir}\n"),
        (r"\nrun_dir = [^\n]*\n", f"\nrun_dir = {run_dir}\n"),
    ])
    # rlm_sql with PostgreSQL; clients come from clients.conf, not from the database.
    edit(os.path.join(raddb, "mods-available/sql"), [
        (r'\n\tdialect = "sqlite"\n', '\n\tdialect = "postgresql"\n'),
        (r'\n\tdriver = "rlm_sql_null"\n', '\n\tdriver = "rlm_sql_postgresql"\n'),
        (r'\n\tradius_db = "radius"\n', f'\n\tradius_db = "{conninfo}"\n'),
    ])
    os.symlink("../mods-available/sql", os.path.join(raddb, "mods-enabled/sql"))
    # The default server on 127.0.0.1 only, on our ports; no IPv6 listeners, no inner tunnel
    # (it would take 127.0.0.1:18120 for itself).
    default = os.path.join(raddb, "sites-available/default")
    edit(default, [
        (r"(listen \{\n(?:(?!\n\}).)*?\ttype = auth\n(?:(?!\n\}).)*?\n)\tipaddr = \*\n((?:(?!\n\}).)*?\n)\tport = 0\n",
         rf"\1\tipaddr = 127.0.0.1\n\2\tport = {auth_port}\n"),
        (r"(listen \{\n)\tipaddr = \*\n((?:(?!\n\}).)*?\n)\tport = 0\n(\ttype = acct\n)",
         rf"\1\tipaddr = 127.0.0.1\n\2\tport = {acct_port}\n\3"),
        (r"\nlisten \{\n\ttype = auth\n\tipv6addr = ::[^\n]*\n.*?\n\}\n", "\n"),
        (r"\nlisten \{\n\tipv6addr = ::\n.*?\n\}\n", "\n"),
    ], flags=re.S)
    os.remove(os.path.join(raddb, "sites-enabled/inner-tunnel"))
    with open(os.path.join(raddb, "clients.conf"), "w") as f:
        f.write(f"client localhost {{\n\tipaddr = 127.0.0.1\n\tsecret = {secret}\n\tnas_type = other\n}}\n")
    for directory in (log_dir, run_dir):
        os.makedirs(directory, exist_ok=True)


if __name__ == "__main__":
    main()
