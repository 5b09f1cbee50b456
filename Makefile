# ElectoralQMS — the two commands a new machine needs are `make run` and `make test`.
# Every target installs the Debian packages it needs when they are missing.

SWIFT       ?= swift
DB          ?= eqms.sqlite
BUILD_DEPS  := pkg-config libldap-dev libsqlite3-dev libxml2-dev sqlite3 tzdata zlib1g-dev
ENSURE      := bash scripts/ensure-packages.sh
FUZZ_SECONDS ?= 5

.PHONY: run test bench lint format deps build clean

## deps: install the Debian packages the build needs
deps:
	@$(ENSURE) $(BUILD_DEPS)

## build: compile everything (debug)
build: deps
	$(SWIFT) build

## run: the web application on http://127.0.0.1:8080 over ./eqms.sqlite, with a demo organisation
##      created on the first run (the demo sign-ins are printed)
run: deps
	$(SWIFT) build --product eqms
	./.build/debug/eqms serve --demo --db $(DB) --host 127.0.0.1 --port 8080

## test: the whole test suite: Swift tests (store tests on SQLite and on a PostgreSQL server the
##       script starts and stops), the browser tests (Debian's chromium, Selenium), Schemathesis
##       against the API, and each libFuzzer target for FUZZ_SECONDS
test: deps
	$(SWIFT) build --build-tests
	@# msgfmt --check runs over every message catalogue (QMSPresentationTests).
	@$(ENSURE) gettext
	@# The QR code tests draw with librsvg and decode with zbar (QMSPresentationTests).
	@$(ENSURE) zbar-tools librsvg2-bin
	@# The directory tests sign in against a real OpenLDAP server they start (QMSDirectoryTests).
	@$(ENSURE) slapd ldap-utils
	@# The IATI export is checked with xmllint --schema as well as through libxml2 (IATIExportTests).
	@$(ENSURE) libxml2-utils
	bash scripts/ensure-openpyxl.sh
	bash scripts/ensure-aiosmtpd.sh
	bash scripts/ensure-icalendar.sh
	bash scripts/ensure-trestle.sh
	bash scripts/with-postgres.sh $(SWIFT) test --skip-build
	bash Tests/Browser/run.sh
	bash scripts/schemathesis.sh
	bash Tests/Fuzz/run.sh --seconds $(FUZZ_SECONDS)

## bench: benchmarks at scale, in release mode (the load benchmark: cold pages, mixed load, memory,
## evidence creation, on SQLite and PostgreSQL); LibreOffice converting the workbooks; the crash tests (import, attach) at their
## full count and eight CLI writers beside the web server for 60 s, Schemathesis with 500
## examples per operation, and each libFuzzer target to a million executions (built optimised:
## the multipart target runs ~120 executions/s in a debug build, ~800 in release)
bench: deps
	$(SWIFT) build -c release --product eqms-bench
	$(SWIFT) build -c release --product eqms
	./.build/release/eqms-bench
	bash scripts/check-libreoffice.sh
	bash scripts/with-postgres.sh ./.build/release/eqms-bench --postgres-only
	bash scripts/bench-web.sh
	@# Cold pages after a write, readers beside a writer, server memory, evidence creation at 1, 8
	@# and 32 clients; on SQLite and PostgreSQL at 20k and 100k records (bench-load.json).
	bash scripts/bench-load.sh
	$(SWIFT) build --build-tests
	EQMS_CRASH_ROUNDS=50 EQMS_WRITERS_SECONDS=60 $(SWIFT) test --skip-build --filter "CrashTests|ConcurrentWriterTests"
	EQMS_SCHEMATHESIS_EXAMPLES=500 bash scripts/schemathesis.sh
	bash Tests/Fuzz/run.sh --release --runs 1000000
	@# The browser matrix: every main page x four languages x two widths (axe-core, 360 px layout).
	EQMS_FULL_MATRIX=1 bash Tests/Browser/run.sh -k "violations or sideways"

## lint: swift-format in strict mode
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

## format: rewrite the sources with swift-format
format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build
